package net.freedommessenger.westchat.e2e.irc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import net.freedommessenger.westchat.api.spec.IssuerRef;
import net.freedommessenger.westchat.api.spec.TlsSpec;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.CertificateStandIn;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IRC certificate from a cert-manager issuer, on an API server of its own: the operator
 * remembers once per API server that cert-manager is there, and the stand-in CRD installed here
 * must not change what other test classes see on the shared one.
 */
class IrcCertificateReconcileTest {

  // the operator looks for cert-manager again once a minute; the first look may come before the CRD is served
  static final Duration WAIT = Duration.ofSeconds(150);
  static ApiServer apiServer;
  static OperatorInTestJvm operator;

  @BeforeAll
  static void start() {
    apiServer = ApiServer.start();
    operator = OperatorInTestJvm.start(apiServer.newClient());
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (apiServer != null) {
      apiServer.close();
    }
  }

  @Test
  void anIssuerNeedsCertManagerAndThenGetsACertificate() throws IOException {
    KubernetesClient client = apiServer.client();
    IrcObjectsReconcileTest.apply(client, "irc-issuer", c -> {
      c.getSpec().expose.tls = new TlsSpec();
      c.getSpec().expose.tls.issuerRef = new IssuerRef();
      c.getSpec().expose.tls.issuerRef.name = "letsencrypt";
    });
    assertTrue(IrcObjectsReconcileTest.ircCondition(client, "irc-issuer", "CertManagerMissing").message
        .contains("Install cert-manager"));

    CertificateStandIn.install(client);
    IrcObjectsReconcileTest.reconcileAgain(client, "irc-issuer", "lobby");
    ResourceDefinitionContext certificates = new ResourceDefinitionContext.Builder()
        .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate").withPlural("certificates").withNamespaced(true)
        .build();
    GenericKubernetesResource certificate = await().atMost(WAIT).until(() -> client.genericKubernetesResources(certificates)
        .inNamespace("irc-issuer").withName("westchat-irc").get(), c -> c != null);
    assertEquals("westchat-irc-tls", ((Map<?, ?>) certificate.getAdditionalProperties().get("spec")).get("secretName"));
    assertTrue(IrcObjectsReconcileTest.ircCondition(client, "irc-issuer", "ErgoNotReady").message.contains("cert-manager"));

    CommunityEdits.edit(client, "irc-issuer", "westchat", c -> c.getSpec().expose.tls = null);
    await().atMost(WAIT).until(() -> client.genericKubernetesResources(certificates)
        .inNamespace("irc-issuer").withName("westchat-irc").get() == null);
  }

}
