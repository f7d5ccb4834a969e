package net.freedommessenger.westchat.model.ergo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PasswordHashes;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.Test;

/** The IRC part's objects, read like a table. */
class ErgoObjectsTest {

  static List<HasMetadata> objects(WestchatCommunity community) {
    return CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator());
  }

  static List<String> kindsAndNames(List<HasMetadata> objects) {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
  }

  static StatefulSet statefulSet(WestchatCommunity community) {
    return find(objects(community), StatefulSet.class, "westchat-ergo");
  }

  static String configHash(StatefulSet statefulSet) {
    return statefulSet.getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
  }

  @Test
  void minimalCommunityRunsErgoWithTheSelfSignedCertificate() {
    List<HasMetadata> objects = objects(TestCommunities.sample("minimal.yaml"));
    List<String> names = kindsAndNames(objects);
    for (String expected : List.of("Secret/westchat-ergo", "Service/westchat-ergo", "StatefulSet/westchat-ergo",
        "Service/westchat-irc", "Secret/westchat-self-signed-tls")) {
      assertTrue(names.contains(expected), expected + " in " + names);
    }
    assertFalse(names.stream().anyMatch(n -> n.startsWith("Certificate/")), names.toString());
    PodSpec pod = find(objects, StatefulSet.class, "westchat-ergo").getSpec().getTemplate().getSpec();
    assertEquals("westchat-self-signed-tls", pod.getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst()
        .orElseThrow().getSecret().getSecretName());
    Service plain = find(objects(TestCommunities.sample("minimal.yaml")), Service.class, "westchat-ergo");
    assertNull(plain.getSpec().getType(), "ClusterIP, the default");
    assertEquals(6667, plain.getSpec().getPorts().get(0).getPort());
  }

  @Test
  void anIssuerGivesACertManagerCertificateAndTheTlsServiceOfTheChosenType() {
    List<HasMetadata> objects = objects(TestCommunities.sample("full.yaml"));
    GenericKubernetesResource certificate = find(objects, GenericKubernetesResource.class, "westchat-irc");
    assertEquals("cert-manager.io/v1", certificate.getApiVersion());
    assertEquals("Certificate", certificate.getKind());
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) certificate.getAdditionalProperties().get("spec");
    assertEquals("westchat-irc-tls", spec.get("secretName"));
    assertEquals(List.of("irc.westchat.example.org"), spec.get("dnsNames"));
    assertEquals(Map.of("group", "cert-manager.io", "kind", "ClusterIssuer", "name", "letsencrypt"), spec.get("issuerRef"));

    Service tls = find(objects, Service.class, "westchat-irc");
    assertEquals("LoadBalancer", tls.getSpec().getType());
    assertEquals("Local", tls.getSpec().getExternalTrafficPolicy(), "Ergo sees the client's address");
    assertEquals(6697, tls.getSpec().getPorts().get(0).getPort());
    PodSpec pod = find(objects, StatefulSet.class, "westchat-ergo").getSpec().getTemplate().getSpec();
    assertEquals("westchat-irc-tls", pod.getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst()
        .orElseThrow().getSecret().getSecretName());
  }

  @Test
  void aUsersSecretIsMountedWhenNoIssuerIsNamed() {
    WestchatCommunity community = TestCommunities.minimalWith("irc: {tls: {secretName: my-irc-cert}, serviceType: NodePort}");
    List<HasMetadata> objects = objects(community);
    assertFalse(kindsAndNames(objects).stream().anyMatch(n -> n.startsWith("Certificate/")));
    assertEquals("NodePort", find(objects, Service.class, "westchat-irc").getSpec().getType());
    PodSpec pod = find(objects, StatefulSet.class, "westchat-ergo").getSpec().getTemplate().getSpec();
    assertEquals("my-irc-cert", pod.getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst()
        .orElseThrow().getSecret().getSecretName());
  }

  @Test
  void noPasswordLeavesTheAccountSecrets() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    List<HasMetadata> objects = CommunityObjects.desired(community, ExistingSecrets.NONE, new RandomSecretGenerator());
    List<String> passwords = objects.stream()
        .filter(o -> AccountSecrets.COMPONENT.equals(o.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .map(o -> new String(Base64.getDecoder().decode(((Secret) o).getData().get(AccountSecrets.PASSWORD)), StandardCharsets.UTF_8))
        .toList();
    assertEquals(3, passwords.size(), "westchat, alice, bob");
    for (HasMetadata object : objects) {
      if (AccountSecrets.COMPONENT.equals(object.getMetadata().getLabels().get("app.kubernetes.io/component"))) {
        continue;
      }
      String text = Serialization.asYaml(object)
          + (object instanceof Secret secret ? ErgoObjects.files(secret.getData()).toString() : "");
      for (String password : passwords) {
        assertFalse(text.contains(password), object.getKind() + " " + object.getMetadata().getName() + " holds a password");
      }
    }
    String ircd = ErgoObjects.files(find(objects, Secret.class, "westchat-ergo").getData()).get(IrcdConfig.FILE);
    Map<String, String> hashes = IrcdConfig.operHashes(ircd);
    assertEquals(3, hashes.size());
    assertTrue(passwords.stream().allMatch(p -> hashes.values().stream().anyMatch(h -> PasswordHashes.verifies(p, h))),
        "each password has its hash in ircd.yaml");
  }

  @Test
  void ergoRunsUnderTheRestrictedPodSecurityStandard() {
    PodSpec pod = statefulSet(TestCommunities.sample("full.yaml")).getSpec().getTemplate().getSpec();
    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
    Container ergo = pod.getContainers().get(0);
    assertEquals(Boolean.FALSE, ergo.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(Boolean.TRUE, ergo.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), ergo.getSecurityContext().getCapabilities().getDrop());
    assertEquals(6667, ergo.getReadinessProbe().getTcpSocket().getPort().getIntVal());
    assertEquals(6667, ergo.getLivenessProbe().getTcpSocket().getPort().getIntVal());
  }

  @Test
  void workloadTakesImageStorageResourcesAndRetentionFromTheSpec() {
    StatefulSet defaults = statefulSet(TestCommunities.minimalWith(""));
    Container ergo = defaults.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(Images.ERGO, ergo.getImage());
    assertEquals(new Quantity("64Mi"), ergo.getResources().getRequests().get("memory"));
    assertEquals("Retain", defaults.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
    assertEquals("/ircd", ergo.getVolumeMounts().stream().filter(m -> m.getName().equals("data")).findFirst()
        .orElseThrow().getMountPath());
    assertEquals(new Quantity("1Gi"), defaults.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
        .getRequests().get("storage"));

    StatefulSet custom = statefulSet(TestCommunities.minimalWith("""
        images: {ergo: registry.example.org/ergo:2.8}
        irc: {resources: {limits: {memory: 1Gi}}, storage: {storage: 5Gi, storageClassName: fast}}
        dataRetention: Delete"""));
    Container customErgo = custom.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("registry.example.org/ergo:2.8", customErgo.getImage());
    assertEquals(new Quantity("1Gi"), customErgo.getResources().getLimits().get("memory"));
    assertEquals(new Quantity("64Mi"), customErgo.getResources().getRequests().get("memory"), "unset amounts keep the default");
    assertEquals("fast", custom.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName());
    assertEquals("Delete", custom.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
  }

  @Test
  void aVolumeGivenWithoutASizeGetsTheDefaultSize() {
    // found by CommunityFuzzTest: the CRD defaults the size only when irc.storage is left out
    StatefulSet ergo = statefulSet(TestCommunities.minimalWith("irc: {storage: {storageClassName: fast}}"));
    assertEquals(new Quantity("1Gi"), ergo.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
        .getRequests().get("storage"));
    assertEquals("fast", ergo.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName());
  }

  @Test
  void aConfigChangeRollsThePodAndTheSameSpecDoesNot() {
    String minimal = configHash(statefulSet(TestCommunities.minimalWith("")));
    assertEquals(minimal, configHash(statefulSet(TestCommunities.minimalWith(""))));
    assertNotEquals(minimal, configHash(statefulSet(TestCommunities.minimalWith("rules: Be kind."))));
    assertNotEquals(minimal, configHash(statefulSet(TestCommunities.minimalWith("registration: open"))));
    assertNotEquals(minimal, configHash(statefulSet(TestCommunities.minimalWith("admins: [{name: alice}, {name: bob}]"))));
  }

  @Test
  void aRenewedCertificateRollsThePod() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    Map<String, String> config = Map.of(IrcdConfig.FILE, "x");
    String first = ErgoObjects.statefulSet(community, config, Optional.of(Map.of("tls.crt", "AAAA", "tls.key", "BBBB")))
        .getSpec().getTemplate().getMetadata().getAnnotations().get(ErgoObjects.CERTIFICATE_HASH_ANNOTATION);
    String renewed = ErgoObjects.statefulSet(community, config, Optional.of(Map.of("tls.crt", "CCCC", "tls.key", "DDDD")))
        .getSpec().getTemplate().getMetadata().getAnnotations().get(ErgoObjects.CERTIFICATE_HASH_ANNOTATION);
    assertNotEquals(first, renewed);
    assertNull(ErgoObjects.statefulSet(community, config, Optional.empty())
        .getSpec().getTemplate().getMetadata().getAnnotations().get(ErgoObjects.CERTIFICATE_HASH_ANNOTATION));
  }

  @Test
  void ircDisabledDeploysNoErgo() {
    List<String> names = kindsAndNames(objects(TestCommunities.minimalWith("irc: {enabled: false}\nbridges: {matrixIrc: {enabled: false}, xmppIrc: {enabled: false}}")));
    assertFalse(names.stream().anyMatch(n -> n.contains("ergo") || n.contains("-irc")), names.toString());
  }
}
