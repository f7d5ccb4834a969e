package net.freedommessenger.westchat.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Optional;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

class XmppAssessmentTest {

  static final String WITH_SECRET = "xmpp: {tls: {secretName: my-cert}}";

  static StatefulSet prosody(Integer readyReplicas) {
    return new StatefulSetBuilder().withNewMetadata().withName("westchat-prosody").endMetadata()
        .withNewStatus().withReadyReplicas(readyReplicas).endStatus().build();
  }

  @Test
  void aDisabledNetworkIsNotAProblem() {
    PartState xmpp = XmppAssessment.assess(TestCommunities.minimalWith(
        "xmpp: {enabled: false}\nbridges: {xmppIrc: {enabled: false}}"), true, Optional.empty());
    assertEquals("True", xmpp.status());
    assertEquals("Disabled", xmpp.reason());
    assertTrue(xmpp.message().contains("spec.xmpp.enabled"));
  }

  @Test
  void withoutACertificateSourceProsodyRunsWithTheSelfSignedCertificateAndTheConditionNamesBothFields() {
    PartState waiting = XmppAssessment.assess(TestCommunities.minimalWith(""), true, Optional.of(prosody(null)));
    assertEquals("ProsodyNotAnswering", waiting.reason());
    assertTrue(waiting.message().contains("westchat-self-signed-tls"), waiting.message());
    PartState xmpp = XmppAssessment.assess(TestCommunities.minimalWith(""), true, Optional.of(prosody(1)));
    assertEquals("True", xmpp.status());
    assertEquals("SelfSignedCertificate", xmpp.reason());
    for (String words : List.of("self-signed", "westchat-self-signed-tls", "warn", "spec.expose.tls.issuerRef",
        "spec.xmpp.tls.secretName", "conference.westchat.example.org")) {
      assertTrue(xmpp.message().contains(words), words + " in " + xmpp.message());
    }
  }

  @Test
  void notYetCreated() {
    PartState xmpp = XmppAssessment.assess(TestCommunities.minimalWith(WITH_SECRET), true, Optional.empty());
    assertEquals("Unknown", xmpp.status());
    assertEquals("ProsodyCreating", xmpp.reason());
  }

  @Test
  void notAnsweringSaysWhereToLook() {
    PartState xmpp = XmppAssessment.assess(TestCommunities.minimalWith(WITH_SECRET), true, Optional.of(prosody(0)));
    assertEquals("False", xmpp.status());
    assertEquals("ProsodyNotAnswering", xmpp.reason());
    assertTrue(xmpp.message().contains("my-cert"), xmpp.message());
    assertTrue(xmpp.message().contains("kubectl logs statefulset/westchat-prosody -c accounts"), xmpp.message());
    PartState issued = XmppAssessment.assess(TestCommunities.sample("full.yaml"), true, Optional.of(prosody(null)));
    assertTrue(issued.message().contains("kubectl describe certificate westchat-xmpp"), issued.message());
  }

  @Test
  void anIssuerWithoutCertManagerIsNamed() {
    PartState xmpp = XmppAssessment.assess(TestCommunities.sample("full.yaml"), false, Optional.empty());
    assertEquals("False", xmpp.status());
    assertEquals("CertManagerMissing", xmpp.reason());
    assertTrue(xmpp.message().contains("letsencrypt") && xmpp.message().contains("spec.xmpp.tls.secretName"), xmpp.message());
  }

  @Test
  void running() {
    PartState xmpp = XmppAssessment.assess(TestCommunities.minimalWith(WITH_SECRET), true, Optional.of(prosody(1)));
    assertEquals("True", xmpp.status());
    assertEquals("Running", xmpp.reason());
  }
}
