package net.freedommessenger.westchat.model.prosody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.Test;

/** The XMPP part's objects, read like a table. */
class ProsodyObjectsTest {

  static List<HasMetadata> objects(WestchatCommunity community) {
    return CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator());
  }

  static List<String> kindsAndNames(List<HasMetadata> objects) {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  static StatefulSet statefulSet(WestchatCommunity community) {
    return ProsodyObjects.statefulSet(community, ProsodyObjects.configFiles(community), Optional.empty());
  }

  static PodSpec pod(WestchatCommunity community) {
    return statefulSet(community).getSpec().getTemplate().getSpec();
  }

  static Container container(PodSpec pod, String name) {
    List<Container> all = new ArrayList<>(pod.getInitContainers());
    all.addAll(pod.getContainers());
    return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void minimalCommunityHasProsodyAndItsServices() {
    List<String> names = kindsAndNames(objects(TestCommunities.minimalWith("")));
    for (String expected : List.of("ConfigMap/westchat-prosody", "StatefulSet/westchat-prosody", "Secret/westchat-prosody",
        "Service/westchat-prosody", "Service/westchat-xmpp", "Ingress/westchat-upload")) {
      assertTrue(names.contains(expected), expected + " in " + names);
    }
    assertFalse(names.stream().anyMatch(n -> n.startsWith("Certificate/")), "no issuer, no Certificate: " + names);
  }

  @Test
  void xmppDisabledMeansNoXmppObjects() {
    List<String> names = kindsAndNames(objects(TestCommunities.minimalWith(
        "xmpp: {enabled: false}\nbridges: {xmppIrc: {enabled: false}}")));
    assertFalse(names.stream().anyMatch(n -> n.contains("prosody") || n.contains("xmpp") || n.contains("upload")),
        names.toString());
  }

  @Test
  void configMapsHoldNoSecretValue() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    List<HasMetadata> objects = CommunityObjects.desired(community, ExistingSecrets.NONE, new RandomSecretGenerator());
    List<String> secretValues = objects.stream().filter(o -> o instanceof Secret).map(o -> (Secret) o)
        .flatMap(s -> s.getData().values().stream())
        .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
        .filter(v -> v.length() >= 16).toList();
    assertTrue(secretValues.size() >= 4, "admins, operator, component secret: " + secretValues.size());
    for (HasMetadata object : objects) {
      if (object instanceof ConfigMap configMap) {
        for (String file : configMap.getData().values()) {
          for (String secret : secretValues) {
            assertFalse(file.contains(secret), configMap.getMetadata().getName() + " holds a secret value");
          }
        }
      }
    }
  }

  @Test
  void componentSecretIsGeneratedOnceAndReachesProsodyByReference() {
    WestchatCommunity community = TestCommunities.minimalWith("");
    Secret secret = ProsodySecrets.secret(community, ExistingSecrets.NONE, new RandomSecretGenerator());
    assertEquals(List.of("component_secret"), List.copyOf(secret.getData().keySet()));
    Secret again = ProsodySecrets.secret(community, name -> secret.getData(), new RandomSecretGenerator());
    assertEquals(secret.getData(), again.getData(), "kept");
    var variable = container(pod(community), "prosody").getEnv().stream()
        .filter(e -> e.getName().equals(ProsodyConfig.GATEWAY_SECRET_VARIABLE)).findFirst().orElseThrow();
    assertNull(variable.getValue(), "never inlined");
    assertEquals("westchat-prosody", variable.getValueFrom().getSecretKeyRef().getName());
    assertEquals("component_secret", variable.getValueFrom().getSecretKeyRef().getKey());
  }

  @Test
  void accountsAreCreatedByAnInitContainerFromTheAccountSecrets() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    PodSpec pod = pod(community);
    Container accounts = container(pod, "accounts");
    assertEquals(List.of("sh", "/config/create-accounts.sh", "/config/prosody.cfg.lua", "/accounts", "westchat.example.org"),
        accounts.getCommand());
    assertTrue(accounts.getEnv().isEmpty(), "passwords come as files, not as variables or arguments");
    var sources = volume(pod, "accounts").getProjected().getSources();
    Map<String, String> secretByFile = new HashMap<>();
    sources.forEach(s -> secretByFile.put(s.getSecret().getItems().get(0).getPath(), s.getSecret().getName()));
    assertEquals(Map.of("westchat", "westchat-operator-account", "alice", "westchat-admin-alice", "bob", "westchat-admin-bob"),
        secretByFile);
    assertTrue(sources.stream().allMatch(s -> s.getSecret().getItems().get(0).getKey().equals("password")));
    assertEquals(0440, volume(pod, "accounts").getProjected().getDefaultMode());
  }

  @Test
  void podMeetsTheRestrictedStandard() {
    PodSpec pod = pod(TestCommunities.sample("full.yaml"));
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertNotEquals(0L, pod.getSecurityContext().getRunAsUser());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    List<Container> all = new ArrayList<>(pod.getInitContainers());
    all.addAll(pod.getContainers());
    for (Container container : all) {
      assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation(), container.getName());
      assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop(), container.getName());
      assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), container.getName());
    }
    assertTrue(pod.getVolumes().stream().noneMatch(v -> v.getHostPath() != null));
  }

  @Test
  void prosodyRunsInTheForegroundWithProbesOnTheClientPort() {
    Container prosody = container(pod(TestCommunities.minimalWith("")), "prosody");
    assertEquals(List.of("prosody", "-F", "--config", "/config/prosody.cfg.lua"), prosody.getCommand());
    assertEquals(Images.PROSODY, prosody.getImage(), "the pinned default");
    assertEquals(5222, prosody.getReadinessProbe().getTcpSocket().getPort().getIntVal());
    assertEquals(5222, prosody.getLivenessProbe().getTcpSocket().getPort().getIntVal());
    assertEquals(5222, prosody.getStartupProbe().getTcpSocket().getPort().getIntVal());
    assertEquals("512Mi", prosody.getResources().getLimits().get("memory").toString());
    assertEquals("example/prosody:1", container(pod(TestCommunities.minimalWith("images: {prosody: example/prosody:1}")),
        "prosody").getImage());
  }

  @Test
  void resourcesCanBeOverridden() {
    Container prosody = container(pod(TestCommunities.minimalWith(
        "xmpp: {resources: {limits: {memory: 1Gi}, requests: {cpu: 200m}}}")), "prosody");
    assertEquals("1Gi", prosody.getResources().getLimits().get("memory").toString());
    assertEquals("200m", prosody.getResources().getRequests().get("cpu").toString());
    assertEquals("128Mi", prosody.getResources().getRequests().get("memory").toString(), "default kept");
  }

  @Test
  void dataVolumeFollowsTheSpecAndItsRetention() {
    StatefulSet retained = statefulSet(TestCommunities.minimalWith("xmpp: {uploads: {storage: 20Gi, storageClassName: fast}}"));
    var claim = retained.getSpec().getVolumeClaimTemplates().get(0);
    assertEquals("20Gi", claim.getSpec().getResources().getRequests().get("storage").toString());
    assertEquals("fast", claim.getSpec().getStorageClassName());
    assertEquals("Retain", retained.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
    assertEquals("Delete", statefulSet(TestCommunities.minimalWith("dataRetention: Delete"))
        .getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
    assertEquals(1, retained.getSpec().getReplicas());
  }

  @Test
  void aConfigChangeChangesThePodTemplateHash() {
    String invite = hash(TestCommunities.minimalWith(""));
    assertEquals(invite, hash(TestCommunities.minimalWith("")));
    assertNotEquals(invite, hash(TestCommunities.minimalWith("registration: open")));
    assertNotEquals(invite, hash(TestCommunities.minimalWith("federation: {allow: [friends.example.org]}")));
  }

  static String hash(WestchatCommunity community) {
    return statefulSet(community).getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
  }

  @Test
  void allowListModuleShipsInTheConfigMapOnlyWhenNeeded() {
    assertEquals(List.of("biboumi.cfg", "create-accounts.sh", "prosody.cfg.lua"),
        List.copyOf(ProsodyObjects.configFiles(TestCommunities.minimalWith("")).keySet()));
    Map<String, String> files = ProsodyObjects.configFiles(TestCommunities.minimalWith("federation: {allow: [friends.example.org]}"));
    assertTrue(files.get("mod_federation_allow.lua").contains("module:hook(\"route/remote\""));
  }

  @Test
  void clientAndServerPortsShareOneServiceOfTheSpecsType() {
    Service xmpp = ProsodyObjects.xmppService(TestCommunities.minimalWith("xmpp: {serviceType: NodePort}"));
    assertEquals("NodePort", xmpp.getSpec().getType());
    assertEquals(List.of(5222, 5269), xmpp.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
    Service noFederation = ProsodyObjects.xmppService(TestCommunities.minimalWith("federation: {enabled: false}"));
    assertEquals(List.of(5222), noFederation.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
    assertEquals("LoadBalancer", ProsodyObjects.xmppService(TestCommunities.minimalWith("")).getSpec().getType());
    Service http = ProsodyObjects.httpService(TestCommunities.minimalWith(""));
    assertNull(http.getSpec().getType(), "cluster-internal, behind the Ingress");
    assertEquals(List.of(5280), http.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
  }

  @Test
  void certificateFromCertManagerWhenAnIssuerIsNamed() {
    WestchatCommunity full = TestCommunities.sample("full.yaml");
    GenericKubernetesResource certificate = XmppCertificate.certificate(full);
    assertEquals("cert-manager.io/v1", certificate.getApiVersion());
    assertEquals("Certificate", certificate.getKind());
    assertEquals("westchat-xmpp", certificate.getMetadata().getName());
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) certificate.getAdditionalProperties().get("spec");
    assertEquals("westchat-xmpp-tls", spec.get("secretName"));
    assertEquals(List.of("westchat.example.org", "conference.westchat.example.org", "upload.westchat.example.org",
        "irc.westchat.example.org"), spec.get("dnsNames"));
    assertEquals(Map.of("group", "cert-manager.io", "kind", "ClusterIssuer", "name", "letsencrypt"), spec.get("issuerRef"));
    assertTrue(kindsAndNames(objects(full)).contains("Certificate/westchat-xmpp"));
    assertEquals("westchat-xmpp-tls", volume(pod(full), "tls").getSecret().getSecretName());
  }

  @Test
  void certificateFromTheUsersSecretWithoutAnIssuer() {
    WestchatCommunity community = TestCommunities.minimalWith("xmpp: {tls: {secretName: my-xmpp-cert}}");
    assertEquals("my-xmpp-cert", volume(pod(community), "tls").getSecret().getSecretName());
    assertEquals("my-xmpp-cert", XmppCertificate.secretName(community));
  }

  @Test
  void withoutAnIssuerOrSecretProsodyMountsTheSelfSignedCertificate() {
    WestchatCommunity community = TestCommunities.minimalWith("");
    assertEquals("westchat-self-signed-tls", volume(pod(community), "tls").getSecret().getSecretName());
    assertTrue(kindsAndNames(objects(community)).contains("Secret/westchat-self-signed-tls"));
    assertFalse(kindsAndNames(objects(TestCommunities.sample("full.yaml"))).contains("Secret/westchat-self-signed-tls"),
        "an issuer is named");
  }

  @Test
  void aRenewedSelfSignedCertificateRollsThePod() {
    WestchatCommunity community = TestCommunities.minimalWith("");
    Map<String, String> config = ProsodyObjects.configFiles(community);
    String first = ProsodyObjects.statefulSet(community, config, Optional.of(Map.of("tls.crt", "AAAA")))
        .getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.CERTIFICATE_ANNOTATION);
    String renewed = ProsodyObjects.statefulSet(community, config, Optional.of(Map.of("tls.crt", "CCCC")))
        .getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.CERTIFICATE_ANNOTATION);
    assertNotEquals(first, renewed);
    assertNull(statefulSet(community).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(ConfigHash.CERTIFICATE_ANNOTATION), "no hash while the Secret is not seen");
  }

  @Test
  void uploadIngressLikeMatrixOne() {
    Ingress ingress = XmppIngress.ingress(TestCommunities.sample("full.yaml"));
    assertEquals("nginx", ingress.getSpec().getIngressClassName());
    assertEquals("upload.westchat.example.org", ingress.getSpec().getRules().get(0).getHost());
    var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
    assertEquals("westchat-prosody", backend.getName());
    assertEquals(5280, backend.getPort().getNumber());
    assertEquals("letsencrypt", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
    assertEquals("101m", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size"));
    assertEquals(List.of("upload.westchat.example.org"), ingress.getSpec().getTls().get(0).getHosts());
    assertTrue(XmppIngress.ingress(TestCommunities.minimalWith("")).getSpec().getTls().isEmpty());
  }

  @Test
  void biboumiRunsNextToProsodyWithTheComponentSecretFromProsodysSecret() {
    WestchatCommunity community = TestCommunities.minimalWith("");
    PodSpec pod = pod(community);
    Container biboumi = container(pod, "biboumi");
    assertEquals(Images.BIBOUMI, biboumi.getImage(), "the default; no image needs to be named");
    assertEquals(List.of("/etc/biboumi/biboumi.cfg"), biboumi.getArgs());
    var password = biboumi.getEnv().stream().filter(e -> e.getName().equals("BIBOUMI_PASSWORD")).findFirst().orElseThrow();
    assertNull(password.getValue(), "never a literal");
    assertEquals(ProsodySecrets.name(community), password.getValueFrom().getSecretKeyRef().getName());
    assertEquals(ProsodySecrets.COMPONENT_SECRET, password.getValueFrom().getSecretKeyRef().getKey());
    var prosodySecret = container(pod, "prosody").getEnv().stream()
        .filter(e -> e.getName().equals(ProsodyConfig.GATEWAY_SECRET_VARIABLE)).findFirst().orElseThrow();
    assertEquals(prosodySecret.getValueFrom(), password.getValueFrom(), "the same secret on both ends");
    assertTrue(biboumi.getSecurityContext().getReadOnlyRootFilesystem());
    assertTrue(biboumi.getResources().getLimits().containsKey("memory"));
    String cfg = ProsodyObjects.configFiles(community).get("biboumi.cfg");
    assertTrue(cfg.contains("fixed_irc_server=westchat-ergo\n"), cfg);
    assertFalse(cfg.contains("password="), "no secret in the ConfigMap");
  }

  @Test
  void aNamedBiboumiImageOverridesTheDefault() {
    WestchatCommunity community = TestCommunities.minimalWith("images: {biboumi: registry.example.org/biboumi:9}");
    assertEquals("registry.example.org/biboumi:9", container(pod(community), "biboumi").getImage());
  }

  @Test
  void withTheXmppIrcBridgeOffThereIsNoSidecarAndNoBiboumiConfig() {
    WestchatCommunity off = TestCommunities.minimalWith("images: {biboumi: b:1}\nbridges: {xmppIrc: {enabled: false}}");
    assertEquals(List.of("prosody"), pod(off).getContainers().stream().map(Container::getName).toList());
    assertFalse(ProsodyObjects.configFiles(off).containsKey("biboumi.cfg"));
  }
}
