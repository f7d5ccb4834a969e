package net.freedommessenger.westchat.e2e.apiserver;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Just enough of cert-manager's Certificate CRD for the API server to store Certificates, so the
 * operator finds cert-manager installed (nothing issues them: no cert-manager runs in the tests).
 */
public final class CertificateStandIn {

  public static final String CRD_NAME = "certificates.cert-manager.io";

  private CertificateStandIn() {}

  /** Installs the stand-in (or leaves the one in place) and waits until it is established. */
  public static void install(KubernetesClient client) {
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(CRD_NAME).endMetadata()
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
    client.resource(crd).forceConflicts().serverSideApply();
    ProjectCrds.awaitEstablished(client, CRD_NAME);
    awaitListed(client);
  }

  /**
   * Established is set before every part of the API server serves the new type; an informer the
   * operator starts in that moment fails its first list and holds a reconcile until its sync times out.
   */
  private static void awaitListed(KubernetesClient client) {
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> client.genericKubernetesResources("cert-manager.io/v1", "Certificate").inAnyNamespace().list() != null);
  }
}
