package net.freedommessenger.westchat.e2e.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import net.freedommessenger.westchat.api.WestchatCommunity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API server tier itself: CRD served, validation by CEL, server-side apply. */
@ExtendWith(ApiServerExtension.class)
class ApiServerSmokeTest {

  static final String NS = "smoke";

  @BeforeAll
  static void namespace(KubernetesClient client) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
  }

  static WestchatCommunity sample(KubernetesClient client, String file) throws IOException {
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples").resolve(file))) {
      WestchatCommunity community = client.resources(WestchatCommunity.class).load(in).item();
      community.getMetadata().setNamespace(NS);
      return community;
    }
  }

  @Test
  void theCrdFromCrdsIsServed(KubernetesClient client) {
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
        .withName(WestchatCommunity.CRD_NAME).get();
    assertEquals("v1alpha1", crd.getSpec().getVersions().get(0).getName());
    assertTrue(client.getApiGroups().getGroups().stream().anyMatch(g -> g.getName().equals(WestchatCommunity.GROUP)));
  }

  @Test
  void aValidSampleIsAcceptedAndDefaulted(KubernetesClient client) throws IOException {
    WestchatCommunity community = sample(client, "minimal.yaml");
    community.getMetadata().setName("accepted");
    WestchatCommunity stored = client.resource(community).create();
    assertEquals("westchat.example.org", stored.getSpec().domain);
    // defaults come from the API server, not from the Java classes: check the raw object
    var raw = client.genericKubernetesResources(WestchatCommunity.GROUP + "/" + WestchatCommunity.VERSION, "WestchatCommunity")
        .inNamespace(NS).withName("accepted").get();
    @SuppressWarnings("unchecked")
    var spec = (java.util.Map<String, Object>) raw.getAdditionalProperties().get("spec");
    assertEquals("invite", spec.get("registration"));
    assertEquals("Retain", spec.get("dataRetention"));
  }

  @Test
  void anInvalidDomainIsRefusedWithTheCelMessage(KubernetesClient client) throws IOException {
    WestchatCommunity community = sample(client, "minimal.yaml");
    community.getMetadata().setName("refused");
    community.getSpec().domain = "Not_A_Domain";
    KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> client.resource(community).create());
    assertEquals(422, refused.getCode());
    assertTrue(refused.getMessage().contains("spec.domain: Invalid value: \"string\": must be a lowercase DNS name"),
        refused.getMessage());
  }

  @Test
  void serverSideApplyRoundTrip(KubernetesClient client) throws IOException {
    WestchatCommunity community = sample(client, "full.yaml");
    community.getMetadata().setName("applied");
    WestchatCommunity first = client.resource(community).fieldManager("smoke-test").forceConflicts().serverSideApply();
    WestchatCommunity second = client.resource(community).fieldManager("smoke-test").forceConflicts().serverSideApply();
    assertEquals(first.getMetadata().getResourceVersion(), second.getMetadata().getResourceVersion(),
        "applying the same object twice changes nothing");
    community.getSpec().rules = "Be kind.";
    WestchatCommunity third = client.resource(community).fieldManager("smoke-test").forceConflicts().serverSideApply();
    assertEquals("Be kind.", third.getSpec().rules);
    assertTrue(third.getMetadata().getManagedFields().stream().anyMatch(f -> "smoke-test".equals(f.getManager())));
  }
}
