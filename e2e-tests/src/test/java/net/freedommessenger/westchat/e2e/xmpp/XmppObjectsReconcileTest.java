package net.freedommessenger.westchat.e2e.xmpp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.IssuerRef;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.api.spec.TlsSecretRef;
import net.freedommessenger.westchat.api.spec.TlsSpec;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CertificateStandIn;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorForTheClass;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The XMPP part's objects against a real API server: created, kept, repaired, rolled, removed.
 * cert-manager's CRD is installed by the last test only, so every test before it runs as in a
 * cluster without cert-manager; the community that named an issuer before gets its Certificate then.
 */
@ExtendWith(ApiServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XmppObjectsReconcileTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
      .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate").withPlural("certificates").withNamespaced(true)
      .build();
  @RegisterExtension
  static final OperatorForTheClass operator = new OperatorForTheClass();

  static final Map<Class<? extends HasMetadata>, String> XMPP_OBJECTS = new LinkedHashMap<>();

  static {
    XMPP_OBJECTS.put(Secret.class, "-prosody");
    XMPP_OBJECTS.put(ConfigMap.class, "-prosody");
    XMPP_OBJECTS.put(Service.class, "-prosody");
    XMPP_OBJECTS.put(StatefulSet.class, "-prosody");
    XMPP_OBJECTS.put(Ingress.class, "-upload");
  }



  /** The minimal sample, changed as given, in a namespace of its own. */
  static WestchatCommunity apply(KubernetesClient client, String namespace, Consumer<WestchatCommunity> change)
      throws IOException {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).serverSideApply();
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples/minimal.yaml"))) {
      WestchatCommunity community = Serialization.unmarshal(in, WestchatCommunity.class);
      community.getMetadata().setNamespace(namespace);
      change.accept(community);
      return client.resource(community).create();
    }
  }

  static WestchatCommunity applyMinimal(KubernetesClient client, String namespace) throws IOException {
    return apply(client, namespace, c -> { });
  }

  static <T extends HasMetadata> T awaitObject(KubernetesClient client, String namespace, Class<T> type, String name) {
    return await().atMost(WAIT).until(() -> client.resources(type).inNamespace(namespace).withName(name).get(), o -> o != null);
  }

  static void awaitAll(KubernetesClient client, String namespace) {
    XMPP_OBJECTS.forEach((type, suffix) -> awaitObject(client, namespace, type, "westchat" + suffix));
    awaitObject(client, namespace, Service.class, "westchat-xmpp");
  }

  static Map<String, String> resourceVersions(KubernetesClient client, String namespace) {
    Map<String, String> versions = new LinkedHashMap<>();
    XMPP_OBJECTS.forEach((type, suffix) -> versions.put(type.getSimpleName() + suffix,
        client.resources(type).inNamespace(namespace).withName("westchat" + suffix).get().getMetadata().getResourceVersion()));
    versions.put("Service-xmpp", client.services().inNamespace(namespace).withName("westchat-xmpp").get()
        .getMetadata().getResourceVersion());
    return versions;
  }

  static void nudge(KubernetesClient client, String namespace) {
    CommunityEdits.edit(client, namespace, "westchat", c -> c.getMetadata().setAnnotations(Map.of("example.org/nudge", "1")));
    await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT).until(() -> true);
  }

  static String configHash(KubernetesClient client, String namespace) {
    return client.apps().statefulSets().inNamespace(namespace).withName("westchat-prosody").get()
        .getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
  }

  static CommunityCondition awaitCondition(KubernetesClient client, String namespace, String type, String reason) {
    WestchatCommunity community = await().atMost(WAIT).until(
        () -> client.resources(WestchatCommunity.class).inNamespace(namespace).withName("westchat").get(),
        c -> c.getStatus() != null && c.getStatus().conditions.stream()
            .anyMatch(cond -> cond.type.equals(type) && reason.equals(cond.reason)));
    return community.getStatus().conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElseThrow();
  }

  @Test
  void minimalSampleCreatesEveryObjectAndASecondReconcileWritesNothing(KubernetesClient client) throws IOException {
    applyMinimal(client, "xmpp-create");
    awaitAll(client, "xmpp-create");
    // the StatefulSet takes the self-signed certificate's digest once the operator sees the Secret it made
    await().atMost(WAIT).until(() -> client.apps().statefulSets().inNamespace("xmpp-create").withName("westchat-prosody").get()
        .getSpec().getTemplate().getMetadata().getAnnotations().containsKey(ConfigHash.CERTIFICATE_ANNOTATION));
    Map<String, String> before = resourceVersions(client, "xmpp-create");
    nudge(client, "xmpp-create");
    assertEquals(before, resourceVersions(client, "xmpp-create"));
    assertTrue(awaitCondition(client, "xmpp-create", "XMPP", "ProsodyNotAnswering").message.contains("westchat-self-signed-tls"));
    assertNotEquals("ReconcileFailed", client.resources(WestchatCommunity.class).inNamespace("xmpp-create").withName("westchat")
        .get().getStatus().conditions.get(0).reason, "no cert-manager in the cluster, and none needed without an issuer");
  }

  @Test
  void aHandEditedConfigMapAndADeletedServiceAreRepaired(KubernetesClient client) throws IOException {
    applyMinimal(client, "xmpp-drift");
    awaitAll(client, "xmpp-drift");
    String original = client.configMaps().inNamespace("xmpp-drift").withName("westchat-prosody").get()
        .getData().get("prosody.cfg.lua");
    client.configMaps().inNamespace("xmpp-drift").withName("westchat-prosody").edit(cm -> {
      cm.getData().put("prosody.cfg.lua", "admins = { \"mallory@westchat.example.org\" }\n");
      return cm;
    });
    client.services().inNamespace("xmpp-drift").withName("westchat-xmpp").delete();
    await().atMost(WAIT).until(() -> original.equals(
        client.configMaps().inNamespace("xmpp-drift").withName("westchat-prosody").get().getData().get("prosody.cfg.lua")));
    Service xmpp = await().atMost(WAIT).until(
        () -> client.services().inNamespace("xmpp-drift").withName("westchat-xmpp").get(),
        s -> s != null && s.getMetadata().getDeletionTimestamp() == null);
    assertEquals(List.of(5222, 5269), xmpp.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
  }

  @Test
  void aSpecChangeRollsThePodTemplateAndKeepsTheComponentSecret(KubernetesClient client) throws IOException {
    applyMinimal(client, "xmpp-roll");
    awaitAll(client, "xmpp-roll");
    String before = configHash(client, "xmpp-roll");
    Map<String, String> secret = client.secrets().inNamespace("xmpp-roll").withName("westchat-prosody").get().getData();
    CommunityEdits.edit(client, "xmpp-roll", "westchat", c -> c.getSpec().registration = Registration.OPEN);
    await().atMost(WAIT).until(() -> !before.equals(configHash(client, "xmpp-roll")));
    String config = client.configMaps().inNamespace("xmpp-roll").withName("westchat-prosody").get().getData()
        .get("prosody.cfg.lua");
    assertTrue(config.contains("allow_registration = true") && !config.contains("registration_invite_only"), config);
    assertEquals(secret, client.secrets().inNamespace("xmpp-roll").withName("westchat-prosody").get().getData());
  }

  @Test
  void aUserSecretTakesThePlaceOfTheSelfSignedCertificateAndTheConditionTurnsTrueOnceProsodyIsReady(KubernetesClient client)
      throws IOException {
    applyMinimal(client, "xmpp-status");
    CommunityCondition selfSigned = awaitCondition(client, "xmpp-status", "XMPP", "ProsodyNotAnswering");
    assertTrue(selfSigned.message.contains("self-signed"), selfSigned.message);

    CommunityEdits.edit(client, "xmpp-status", "westchat", c -> {
      c.getSpec().xmpp.tls = new TlsSecretRef();
      c.getSpec().xmpp.tls.secretName = "my-xmpp-cert";
    });
    await().atMost(WAIT).until(() -> awaitCondition(client, "xmpp-status", "XMPP", "ProsodyNotAnswering").message
        .contains("my-xmpp-cert"));
    await().atMost(WAIT).until(() -> "my-xmpp-cert".equals(client.apps().statefulSets().inNamespace("xmpp-status")
        .withName("westchat-prosody").get().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("tls")).findFirst().orElseThrow().getSecret().getSecretName()));

    // no controllers run in this tier: stand in for the StatefulSet controller once the pod would be ready
    FakeWorkloadController.markStatefulSetReady(client, "xmpp-status", "westchat-prosody");
    assertEquals("True", awaitCondition(client, "xmpp-status", "XMPP", "Running").status);
  }

  @Test
  @Order(Integer.MAX_VALUE - 1)
  void anIssuerInAClusterWithoutCertManagerIsReported(KubernetesClient client) throws IOException {
    apply(client, "xmpp-no-cert-manager", XmppObjectsReconcileTest::nameAnIssuer);
    CommunityCondition xmpp = awaitCondition(client, "xmpp-no-cert-manager", "XMPP", "CertManagerMissing");
    assertTrue(xmpp.message.contains("letsencrypt") && xmpp.message.contains("cert-manager is not installed"), xmpp.message);
    awaitAll(client, "xmpp-no-cert-manager");
  }

  static void nameAnIssuer(WestchatCommunity community) {
    community.getSpec().expose.tls = new TlsSpec();
    community.getSpec().expose.tls.issuerRef = new IssuerRef();
    community.getSpec().expose.tls.issuerRef.name = "letsencrypt";
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void withAnIssuerCertManagerGetsACertificateThatIsKeptAndRepaired(KubernetesClient client) throws IOException {
    CertificateStandIn.install(client);
    apply(client, "xmpp-issuer", XmppObjectsReconcileTest::nameAnIssuer);
    var certificates = client.genericKubernetesResources(CERTIFICATES).inNamespace("xmpp-issuer");
    GenericKubernetesResource certificate = await().atMost(WAIT).until(() -> certificates.withName("westchat-xmpp").get(),
        c -> c != null);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) certificate.getAdditionalProperties().get("spec");
    assertEquals("westchat-xmpp-tls", spec.get("secretName"));
    assertEquals(List.of("westchat.example.org", "conference.westchat.example.org", "upload.westchat.example.org",
        "irc.westchat.example.org"), spec.get("dnsNames"));
    awaitAll(client, "xmpp-issuer");
    assertEquals("westchat-xmpp-tls", client.apps().statefulSets().inNamespace("xmpp-issuer").withName("westchat-prosody")
        .get().getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("tls"))
        .findFirst().orElseThrow().getSecret().getSecretName());

    String version = certificates.withName("westchat-xmpp").get().getMetadata().getResourceVersion();
    nudge(client, "xmpp-issuer");
    assertEquals(version, certificates.withName("westchat-xmpp").get().getMetadata().getResourceVersion(),
        "a second reconcile writes nothing");

    certificates.withName("westchat-xmpp").delete();
    GenericKubernetesResource again = await().atMost(WAIT).until(() -> certificates.withName("westchat-xmpp").get(),
        c -> c != null && !version.equals(c.getMetadata().getResourceVersion()) && c.getMetadata().getDeletionTimestamp() == null);
    assertNotNull(again);

    CommunityEdits.edit(client, "xmpp-issuer", "westchat", c -> {
      c.getSpec().expose.tls = null;
      c.getSpec().xmpp.tls = new TlsSecretRef();
      c.getSpec().xmpp.tls.secretName = "my-xmpp-cert";
    });
    await().atMost(WAIT).until(() -> certificates.withName("westchat-xmpp").get() == null);
  }

  @Test
  void disablingXmppRemovesItsWorkloadAndKeepsItsData(KubernetesClient client) throws IOException {
    applyMinimal(client, "xmpp-off");
    awaitAll(client, "xmpp-off");
    Map<String, String> secret = client.secrets().inNamespace("xmpp-off").withName("westchat-prosody").get().getData();
    CommunityEdits.edit(client, "xmpp-off", "westchat", c -> {
      c.getSpec().xmpp.enabled = false;
      c.getSpec().bridges.xmppIrc.enabled = false;
    });
    await().atMost(WAIT).until(() -> client.apps().statefulSets().inNamespace("xmpp-off").withName("westchat-prosody").get() == null
        && client.configMaps().inNamespace("xmpp-off").withName("westchat-prosody").get() == null
        && client.services().inNamespace("xmpp-off").withName("westchat-xmpp").get() == null
        && client.network().v1().ingresses().inNamespace("xmpp-off").withName("westchat-upload").get() == null);
    assertEquals(secret, client.secrets().inNamespace("xmpp-off").withName("westchat-prosody").get().getData(),
        "the component secret stays for when XMPP comes back");
    assertEquals("Disabled", awaitCondition(client, "xmpp-off", "XMPP", "Disabled").reason);
  }

}
