package net.freedommessenger.westchat.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

/** The IRC condition in words, for each way the certificate and Ergo can stand. */
class IrcAssessmentTest {

  static WestchatCommunitySpec spec(String yaml) {
    return TestCommunities.minimalWith(yaml).getSpec();
  }

  static StatefulSet ergo(int ready) {
    return new StatefulSetBuilder().withNewMetadata().withName("westchat-ergo").endMetadata()
        .withNewStatus().withReadyReplicas(ready).endStatus().build();
  }

  static PartState assess(WestchatCommunitySpec spec, Optional<StatefulSet> ergo, boolean certManager,
      Optional<GenericKubernetesResource> certificate, Optional<Secret> secret) {
    return IrcAssessment.assess(spec, "westchat", new IrcAssessment.Observed(ergo, certManager, certificate, secret));
  }

  static final String ISSUER = "expose: {tls: {issuerRef: {name: letsencrypt}}}";

  @Test
  void disabledIsNotAProblem() {
    PartState state = assess(spec("irc: {enabled: false}\nbridges: {matrixIrc: {enabled: false}, xmppIrc: {enabled: false}}"),
        Optional.empty(), false, Optional.empty(), Optional.empty());
    assertEquals("True", state.status());
    assertEquals("Disabled", state.reason());
  }

  @Test
  void withoutAnIssuerOrSecretErgoRunsWithTheSelfSignedCertificateAndTheConditionSaysClientsWarn() {
    PartState starting = assess(spec(""), Optional.of(ergo(0)), false, Optional.empty(), Optional.empty());
    assertEquals("ErgoNotReady", starting.reason());
    PartState state = assess(spec(""), Optional.of(ergo(1)), false, Optional.empty(), Optional.empty());
    assertEquals("True", state.status());
    assertEquals("SelfSignedCertificate", state.reason());
    for (String words : List.of("irc.westchat.example.org:6697", "self-signed", "westchat-self-signed-tls", "warn",
        "spec.expose.tls.issuerRef", "spec.irc.tls.secretName", "westchat-ergo:6667")) {
      assertTrue(state.message().contains(words), words + " in " + state.message());
    }
  }

  @Test
  void anIssuerWithoutCertManagerIsReported() {
    PartState state = assess(spec(ISSUER), Optional.of(ergo(0)), false, Optional.empty(), Optional.empty());
    assertEquals("CertManagerMissing", state.reason());
    assertTrue(state.message().contains("Install cert-manager"), state.message());
  }

  @Test
  void aMissingOrIncompleteUserSecretIsReportedByName() {
    WestchatCommunitySpec spec = spec("irc: {tls: {secretName: my-cert}}");
    PartState missing = assess(spec, Optional.of(ergo(0)), false, Optional.empty(), Optional.empty());
    assertEquals("TlsSecretMissing", missing.reason());
    assertTrue(missing.message().contains("my-cert"), missing.message());
    Secret noKey = new SecretBuilder().withNewMetadata().withName("my-cert").endMetadata()
        .withData(Map.of("tls.crt", "QQ==")).build();
    PartState incomplete = assess(spec, Optional.of(ergo(0)), false, Optional.empty(), Optional.of(noKey));
    assertEquals("TlsSecretIncomplete", incomplete.reason());
    assertTrue(incomplete.message().contains("tls.key"), incomplete.message());
  }

  @Test
  void aPodWaitingForItsCertificateSaysWhatCertManagerSays() {
    GenericKubernetesResource certificate = new GenericKubernetesResourceBuilder()
        .withApiVersion("cert-manager.io/v1").withKind("Certificate")
        .withNewMetadata().withName("westchat-irc").endMetadata()
        .withAdditionalProperties(Map.of("status", Map.of("conditions", List.of(Map.of(
            "type", "Ready", "status", "False", "message", "Issuing certificate as Secret does not exist")))))
        .build();
    PartState state = assess(spec(ISSUER), Optional.of(ergo(0)), true, Optional.of(certificate), Optional.empty());
    assertEquals("ErgoNotReady", state.reason());
    assertTrue(state.message().contains("Issuing certificate as Secret does not exist"), state.message());
    assertTrue(state.message().contains("kubectl describe statefulset westchat-ergo"), state.message());
  }

  @Test
  void creatingThenRunning() {
    WestchatCommunitySpec spec = spec("irc: {tls: {secretName: my-cert}}");
    Secret complete = new SecretBuilder().withNewMetadata().withName("my-cert").endMetadata()
        .withData(Map.of("tls.crt", "QQ==", "tls.key", "QQ==")).build();
    assertEquals("ErgoCreating", assess(spec, Optional.empty(), false, Optional.empty(), Optional.of(complete)).reason());
    PartState running = assess(spec, Optional.of(ergo(1)), false, Optional.empty(), Optional.of(complete));
    assertEquals("True", running.status());
    assertEquals("Running", running.reason());
    assertTrue(running.message().contains("irc.westchat.example.org:6697"), running.message());
  }
}
