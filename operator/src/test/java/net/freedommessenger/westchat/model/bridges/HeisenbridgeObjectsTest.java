package net.freedommessenger.westchat.model.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.Test;

/** Heisenbridge's objects and registration, and how Synapse and the other bridge change with it. */
class HeisenbridgeObjectsTest {

  static final WestchatCommunity COMMUNITY = TestCommunities.minimalWith("bridges: {matrixIrc: {implementation: heisenbridge}}");

  static String plain(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  static JsonNode registration(Secret secret) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(plain(secret, HeisenbridgeObjects.REGISTRATION_FILE));
  }

  static List<String> kindsAndNames(WestchatCommunity community) {
    return CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator()).stream()
        .map((HasMetadata o) -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  @Test
  void registrationHasAStableIdAndTheTokensOfTheSameSecret() throws Exception {
    Secret first = HeisenbridgeObjects.secret(COMMUNITY, HeisenbridgeObjects.bridgeUrlInCluster(COMMUNITY),
        ExistingSecrets.NONE, new RandomSecretGenerator());
    JsonNode registration = registration(first);
    assertEquals("westchat-heisenbridge", registration.path("id").asText());
    assertEquals("http://westchat-heisenbridge:9898", registration.path("url").asText());
    assertEquals(plain(first, HeisenbridgeObjects.AS_TOKEN), registration.path("as_token").asText());
    assertEquals(plain(first, HeisenbridgeObjects.HS_TOKEN), registration.path("hs_token").asText());
    assertNotEquals(registration.path("as_token").asText(), registration.path("hs_token").asText());
    assertEquals("heisenbridge", registration.path("sender_localpart").asText());
    Map<String, String> kept = first.getData();
    Secret again = HeisenbridgeObjects.secret(COMMUNITY, HeisenbridgeObjects.bridgeUrlInCluster(COMMUNITY),
        name -> kept, kind -> {
          throw new AssertionError("nothing is generated again");
        });
    assertEquals(first.getData(), again.getData(), "same tokens, same registration: a reconcile writes nothing");
  }

  /** Heisenbridge refuses to start unless its one exclusive user namespace is an exact prefix with a separator. */
  @Test
  void userNamespaceIsTheExactPrefixHeisenbridgeDemands() throws Exception {
    JsonNode registration = registration(HeisenbridgeObjects.secret(COMMUNITY, "http://bridge:9898", ExistingSecrets.NONE,
        new RandomSecretGenerator()));
    JsonNode users = registration.at("/namespaces/users");
    assertEquals(1, users.size());
    assertTrue(users.get(0).path("exclusive").asBoolean());
    String regex = users.get(0).path("regex").asText();
    assertTrue(Pattern.compile("^@(.+)([_/])\\.[*+]:?").matcher(regex).find(), regex);
    assertTrue(Pattern.matches(regex, "@irc_westchat_bob:westchat.example.org"), regex);
    assertFalse(Pattern.matches(regex, "@irc_bob:westchat.example.org.evil"), regex);
    assertEquals(0, registration.at("/namespaces/aliases").size());
  }

  @Test
  void synapseLoadsTheHeisenbridgeRegistrationAndNoOther() {
    assertEquals(List.of("/appservices/heisenbridge/registration.yaml"), SynapseObjects.appserviceFiles(COMMUNITY));
    Deployment synapse = SynapseObjects.deployment(COMMUNITY, SynapseObjects.configFiles(COMMUNITY));
    var volume = synapse.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("registration-heisenbridge")).findFirst().orElseThrow();
    assertEquals("westchat-heisenbridge", volume.getSecret().getSecretName());
    assertTrue(synapse.getSpec().getTemplate().getSpec().getVolumes().stream()
        .noneMatch(v -> v.getName().equals("registration-appservice-irc")));
  }

  @Test
  void synapseRollsWhenTheImplementationChangesAndOnlyThen() {
    WestchatCommunity appserviceIrc = TestCommunities.minimalWith("bridges: {matrixIrc: {implementation: appservice-irc}}");
    WestchatCommunity otherwiseChanged = TestCommunities.minimalWith(
        "bridges: {matrixIrc: {implementation: heisenbridge, resources: {requests: {cpu: 200m}}}}");
    assertNotEquals(hash(appserviceIrc), hash(COMMUNITY));
    assertEquals(hash(COMMUNITY), hash(otherwiseChanged), "the bridge's own resources do not touch Synapse");
  }

  static String hash(WestchatCommunity community) {
    return ConfigHash.of(SynapseObjects.configFiles(community));
  }

  @Test
  void exactlyOneMatrixIrcBridgeIsRendered() {
    List<String> heisenbridge = kindsAndNames(COMMUNITY);
    assertTrue(heisenbridge.containsAll(List.of("Secret/westchat-heisenbridge", "Service/westchat-heisenbridge",
        "Deployment/westchat-heisenbridge")), heisenbridge.toString());
    assertTrue(heisenbridge.stream().noneMatch(o -> o.contains("appservice-irc")), heisenbridge.toString());
    List<String> appserviceIrc = kindsAndNames(TestCommunities.minimalWith("bridges: {matrixIrc: {implementation: appservice-irc}}"));
    assertTrue(appserviceIrc.stream().noneMatch(o -> o.contains("heisenbridge")), appserviceIrc.toString());
    List<String> none = kindsAndNames(TestCommunities.minimalWith(
        "bridges: {matrixIrc: {enabled: false, implementation: heisenbridge}}"));
    assertTrue(none.stream().noneMatch(o -> o.contains("heisenbridge")), none.toString());
  }

  @Test
  void bridgeRunsRestrictedAgainstTheInClusterSynapseOwnedByTheOperator() {
    var pod = HeisenbridgeObjects.deployment(COMMUNITY).getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertFalse(pod.getAutomountServiceAccountToken());
    Container bridge = pod.getContainers().get(0);
    assertEquals(Images.HEISENBRIDGE, bridge.getImage());
    assertTrue(bridge.getSecurityContext().getReadOnlyRootFilesystem());
    assertFalse(bridge.getSecurityContext().getAllowPrivilegeEscalation());
    List<String> args = bridge.getArgs();
    assertEquals("@westchat:westchat.example.org", args.get(args.indexOf("-o") + 1));
    assertEquals("/secrets/registration.yaml", args.get(args.indexOf("-c") + 1));
    assertEquals("http://westchat-synapse:8008", args.get(args.size() - 1));
    assertEquals(9898, bridge.getReadinessProbe().getTcpSocket().getPort().getIntVal());
    assertEquals(9898, bridge.getLivenessProbe().getTcpSocket().getPort().getIntVal());
    assertTrue(bridge.getResources().getLimits().containsKey("memory"));
    assertTrue(bridge.getEnv().stream().allMatch(e -> e.getValueFrom() == null), "no secret in the environment");
  }

  @Test
  void imageCanBeOverriddenAndTheConfigHashIgnoresNothingThatMatters() {
    WestchatCommunity own = TestCommunities.minimalWith(
        "bridges: {matrixIrc: {implementation: heisenbridge}}\nimages: {heisenbridge: registry.example.org/hb:1}");
    Deployment deployment = HeisenbridgeObjects.deployment(own);
    assertEquals("registry.example.org/hb:1", deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    String hash = deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
    assertEquals(hash, HeisenbridgeObjects.deployment(COMMUNITY).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(ConfigHash.ANNOTATION));
    WestchatCommunity otherDomain = TestCommunities.minimalWith("bridges: {matrixIrc: {implementation: heisenbridge}}");
    otherDomain.getSpec().domain = "other.example.org";
    assertNotEquals(hash, HeisenbridgeObjects.deployment(otherDomain).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(ConfigHash.ANNOTATION));
  }
}
