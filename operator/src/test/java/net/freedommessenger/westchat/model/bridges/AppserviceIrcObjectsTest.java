package net.freedommessenger.westchat.model.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import org.junit.jupiter.api.Test;

class AppserviceIrcObjectsTest {

  static final WestchatCommunity COMMUNITY = TestCommunities.minimalWith("bridges: {matrixIrc: {implementation: appservice-irc}}");

  static String plain(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  void registrationAlwaysCarriesTheTokensOfTheSameSecret() {
    Secret first = AppserviceIrcObjects.secret(COMMUNITY, AppserviceIrcObjects.siteInCluster(COMMUNITY),
        ExistingSecrets.NONE, new RandomSecretGenerator());
    String registration = plain(first, AppserviceIrcObjects.REGISTRATION_FILE);
    assertTrue(registration.contains("as_token: " + plain(first, AppserviceIrcObjects.AS_TOKEN)), registration);
    Map<String, String> kept = first.getData();
    Secret again = AppserviceIrcObjects.secret(COMMUNITY, AppserviceIrcObjects.siteInCluster(COMMUNITY),
        name -> kept, kind -> {
          throw new AssertionError("nothing is generated again");
        });
    assertEquals(first.getData(), again.getData(), "same tokens, same registration: a reconcile writes nothing");
  }

  @Test
  void selfHealingComputesTheRegistrationFromTheTokensNotFromTheFile() {
    Secret secret = AppserviceIrcObjects.secret(COMMUNITY, AppserviceIrcObjects.siteInCluster(COMMUNITY),
        ExistingSecrets.NONE, new RandomSecretGenerator());
    BridgeWorkload workload = AppserviceIrcObjects.workload(COMMUNITY);
    assertEquals(java.util.Optional.of(plain(secret, AppserviceIrcObjects.REGISTRATION_FILE)),
        workload.registration().from(secret.getData()));
    Map<String, String> handEdited = new java.util.HashMap<>(secret.getData());
    handEdited.put(AppserviceIrcObjects.REGISTRATION_FILE, Base64.getEncoder().encodeToString("id: other\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(workload.registration().from(secret.getData()), workload.registration().from(handEdited));
    assertEquals(java.util.Optional.empty(), workload.registration().from(Map.of()), "no tokens yet, no registration");
    assertEquals(workload.deploymentName(), AppserviceIrcObjects.name(COMMUNITY));
  }

  @Test
  void synapseLoadsTheRegistrationFromTheBridgesSecret() {
    assertEquals(java.util.List.of("/appservices/appservice-irc/registration.yaml"), SynapseObjects.appserviceFiles(COMMUNITY));
    Deployment synapse = SynapseObjects.deployment(COMMUNITY, SynapseObjects.configFiles(COMMUNITY));
    var volume = synapse.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("registration-appservice-irc")).findFirst().orElseThrow();
    assertEquals("westchat-appservice-irc", volume.getSecret().getSecretName());
    assertTrue(SynapseObjects.configFiles(COMMUNITY).get("homeserver.yaml").contains("/appservices/appservice-irc/registration.yaml"));
  }

  @Test
  void theBridgeIsStartedWithTheOperatorsFilesNotThroughTheImagesEntrypoint() {
    var bridge = AppserviceIrcObjects.deployment(COMMUNITY, Map.of()).getSpec().getTemplate().getSpec().getContainers().get(0);
    // upstream's entrypoint ignores its arguments and reads /data/config.yaml, which the operator does not write
    assertEquals(java.util.List.of("node", "/app/app.js"), bridge.getCommand());
    assertTrue(bridge.getArgs().contains("/config/config.yaml") || bridge.getArgs().stream().anyMatch(a -> a.endsWith("config.yaml")),
        bridge.getArgs().toString());
  }

  @Test
  void withoutTheBridgeSynapseLoadsNoRegistration() {
    WestchatCommunity community = TestCommunities.minimalWith("bridges: {matrixIrc: {enabled: false}}");
    assertTrue(SynapseObjects.appserviceFiles(community).isEmpty());
  }

  @Test
  void bridgePodMeetsTheRestrictedStandardAndCreatesItsDatabase() {
    var pod = AppserviceIrcObjects.deployment(COMMUNITY, Map.of()).getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("create-database", pod.getInitContainers().get(0).getName());
    assertTrue(pod.getInitContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
    assertTrue(pod.getContainers().get(0).getEnv().stream().allMatch(e -> e.getName().equals("PGPASSWORD") && e.getValue() == null));
  }
}
