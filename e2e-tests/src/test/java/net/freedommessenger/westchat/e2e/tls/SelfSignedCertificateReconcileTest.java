package net.freedommessenger.westchat.e2e.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorForTheClass;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * samples/minimal.yaml names no issuer and no TLS Secret: against a real API server the operator
 * makes a self-signed certificate for Prosody and Ergo, says so in the XMPP and IRC conditions and
 * once in a Warning Event, and keeps it, through reconciles and an operator restart.
 */
@ExtendWith(ApiServerExtension.class)
class SelfSignedCertificateReconcileTest {

  static final String NS = "self-signed";
  static final String SECRET = "westchat-self-signed-tls";
  static final Duration WAIT = Duration.ofSeconds(60);
  @RegisterExtension
  static final OperatorForTheClass operator = new OperatorForTheClass();

  static WestchatCommunity community(KubernetesClient client) {
    return client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
  }

  static CommunityCondition awaitCondition(KubernetesClient client, String type, String reason) {
    WestchatCommunity community = await().atMost(WAIT).until(() -> community(client), c -> c.getStatus() != null
        && c.getStatus().conditions.stream().anyMatch(cond -> cond.type.equals(type) && reason.equals(cond.reason)));
    return community.getStatus().conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElseThrow();
  }

  static List<Event> selfSignedEvents(KubernetesClient client) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> SelfSignedCertificate.REASON.equals(e.getReason()) && "westchat".equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static String tlsSecretOf(StatefulSet statefulSet) {
    return statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("tls"))
        .findFirst().orElseThrow().getSecret().getSecretName();
  }

  static StatefulSet awaitStatefulSet(KubernetesClient client, String name) {
    return await().atMost(WAIT).until(() -> client.apps().statefulSets().inNamespace(NS).withName(name).get(), s -> s != null);
  }

  @Test
  void theMinimalSampleGetsASelfSignedCertificateThatIsToldAboutOnceAndKept(KubernetesClient client) throws Exception {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples/minimal.yaml"))) {
      WestchatCommunity minimal = Serialization.unmarshal(in, WestchatCommunity.class);
      minimal.getMetadata().setNamespace(NS);
      client.resource(minimal).create();
    }

    Secret secret = await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS).withName(SECRET).get(), s -> s != null);
    assertEquals("kubernetes.io/tls", secret.getType());
    assertTrue(secret.getMetadata().getOwnerReferences().isEmpty(), "dataRetention Retain: kept like the other Secrets");
    X509Certificate certificate = SelfSignedCertificate.certificate(secret.getData()).orElseThrow();
    List<String> names = new ArrayList<>();
    certificate.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
    assertEquals(List.of("westchat.example.org", "conference.westchat.example.org", "upload.westchat.example.org",
        "irc.westchat.example.org"), names);
    assertTrue(certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(300))));

    // Prosody and Ergo mount it, each rolled by its digest; IRC over TLS has its Service
    for (String name : List.of("westchat-prosody", "westchat-ergo")) {
      assertEquals(SECRET, tlsSecretOf(awaitStatefulSet(client, name)), name);
      await().atMost(WAIT).until(() -> awaitStatefulSet(client, name).getSpec().getTemplate().getMetadata().getAnnotations()
          .containsKey(ConfigHash.CERTIFICATE_ANNOTATION));
    }
    await().atMost(WAIT).until(() -> client.services().inNamespace(NS).withName("westchat-irc").get() != null);

    // no controllers run in this tier: stand in for the StatefulSet controller once the pods would be ready
    FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-prosody");
    FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-ergo");
    CommunityCondition xmpp = awaitCondition(client, "XMPP", SelfSignedCertificate.REASON);
    CommunityCondition irc = awaitCondition(client, "IRC", SelfSignedCertificate.REASON);
    for (CommunityCondition condition : List.of(xmpp, irc)) {
      assertEquals("True", condition.status, condition.message);
      assertTrue(condition.message.contains(SECRET) && condition.message.contains("warn")
          && condition.message.contains("spec.expose.tls.issuerRef"), condition.message);
    }
    String status = Serialization.asJson(community(client).getStatus());
    assertFalse(status.contains("CertificateMissing") || status.contains("NoCertificate"), status);
    assertFalse(status.contains("PRIVATE KEY") || status.contains(secret.getData().get(SelfSignedCertificate.PRIVATE_KEY)),
        "no part of the key in the status");

    List<Event> events = await().atMost(WAIT).until(() -> selfSignedEvents(client), e -> !e.isEmpty());
    assertEquals(1, events.size(), events.toString());
    assertEquals("Warning", events.get(0).getType());
    assertTrue(events.get(0).getMessage().contains("Prosody and Ergo") && events.get(0).getMessage().contains(SECRET),
        events.get(0).getMessage());

    // a spec change reconciles everything again, and a new operator starts with nothing in memory:
    // the certificate stays as it is, and nothing more is told
    String version = client.secrets().inNamespace(NS).withName(SECRET).get().getMetadata().getResourceVersion();
    WestchatCommunity edited = CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().rules = "Be kind.");
    await().atMost(WAIT).until(() -> edited.getMetadata().getGeneration().equals(community(client).getStatus().observedGeneration));
    operator.restart();
    CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().rules = "Be kind to each other.");
    await().atMost(WAIT).until(() -> community(client).getMetadata().getGeneration()
        .equals(community(client).getStatus().observedGeneration));
    Secret after = client.secrets().inNamespace(NS).withName(SECRET).get();
    assertEquals(version, after.getMetadata().getResourceVersion());
    assertEquals(secret.getData(), after.getData());
    assertEquals(1, selfSignedEvents(client).size());
  }
}
