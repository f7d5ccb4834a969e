package net.freedommessenger.westchat.e2e.irc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.freedommessenger.westchat.api.spec.IssuerRef;
import net.freedommessenger.westchat.api.spec.TlsSpec;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
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

  static final Duration WAIT = Duration.ofSeconds(60);
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

    installCertificateKind(client);
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

  /** A stand-in for cert-manager's CRD: the kind is served, no controller issues anything. */
  static void installCertificateKind(KubernetesClient client) {
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("certificates.cert-manager.io").endMetadata()
        .withNewSpec()
          .withGroup("cert-manager.io")
          .withScope("Namespaced")
          .withNewNames().withKind("Certificate").withPlural("certificates").withSingular("certificate").endNames()
          .addNewVersion()
            .withName("v1").withServed(true).withStorage(true)
            .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
              .endOpenAPIV3Schema().endSchema()
            .withNewSubresources().withNewStatus().endStatus().endSubresources()
          .endVersion()
        .endSpec()
        .build();
    client.resource(crd).serverSideApply();
    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
        .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
            .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())), 60, TimeUnit.SECONDS);
  }
}
