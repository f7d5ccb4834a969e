package net.freedommessenger.westchat.e2e.reconciler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.DataRetention;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.OperatorForTheClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator against a real API server: generate-once Secrets, status, no writes when nothing changed. */
@ExtendWith(ApiServerExtension.class)
class AccountSecretsReconcileTest {

  static final String NS = "accounts";
  static final Duration WAIT = Duration.ofSeconds(60);
  @RegisterExtension
  static final OperatorForTheClass operator = new OperatorForTheClass();

  @BeforeAll
  static void namespace(ApiServer apiServer) {
    apiServer.client().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
  }


  static WestchatCommunity minimal(String name) throws IOException {
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples/minimal.yaml"))) {
      WestchatCommunity community = Serialization.unmarshal(in, WestchatCommunity.class);
      community.getMetadata().setName(name);
      community.getMetadata().setNamespace(NS);
      return community;
    }
  }

  static Secret awaitSecret(KubernetesClient client, String name) {
    return await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS).withName(name).get(), s -> s != null);
  }

  static WestchatCommunity awaitStatus(KubernetesClient client, String name, long generation) {
    return await().atMost(WAIT).until(() -> client.resources(WestchatCommunity.class).inNamespace(NS).withName(name).get(),
        c -> c.getStatus() != null && c.getStatus().observedGeneration != null && c.getStatus().observedGeneration >= generation);
  }

  @Test
  void accountSecretsAreGeneratedOnceAndStatusIsWritten(KubernetesClient client) throws IOException {
    client.resource(minimal("first")).create();
    Secret alice = awaitSecret(client, "first-admin-alice");
    Secret own = awaitSecret(client, "first-operator-account");
    assertEquals(32, alice.getData().get("password").length(), "24 characters, base64");
    assertTrue(alice.getMetadata().getOwnerReferences().isEmpty(), "Retain: no owner reference");
    assertNotNull(own.getData().get("password"));

    WestchatCommunity community = awaitStatus(client, "first", 1);
    CommunityCondition bridges = community.getStatus().conditions.stream()
        .filter(c -> c.type.equals("Bridges")).findFirst().orElseThrow();
    // the Biboumi image has a default: the bridges wait only for the Matrix-IRC bridge (Heisenbridge), which no kubelet runs here
    assertEquals("MatrixIrcBridgeStarting", bridges.reason);
    assertEquals("https://matrix.westchat.example.org", community.getStatus().endpoints.matrix);
    assertTrue(community.getStatus().conditions.stream().allMatch(c -> c.observedGeneration == 1L));
  }

  @Test
  void aReconcileThatChangesNothingWritesNothing(KubernetesClient client) throws IOException {
    client.resource(minimal("quiet")).create();
    awaitSecret(client, "quiet-admin-alice");
    awaitStatus(client, "quiet", 1);
    // a metadata change triggers a reconcile without changing what the operator derives
    WestchatCommunity touched = CommunityEdits.edit(client, NS, "quiet", c -> {
          c.getMetadata().setAnnotations(Map.of("example.org/touched", "yes"));
        });
    Map<String, String> versions = Map.of(
        "community", touched.getMetadata().getResourceVersion(),
        "alice", client.secrets().inNamespace(NS).withName("quiet-admin-alice").get().getMetadata().getResourceVersion());
    await().pollDelay(Duration.ofSeconds(5)).atMost(WAIT).until(() -> true);
    assertEquals(versions.get("community"),
        client.resources(WestchatCommunity.class).inNamespace(NS).withName("quiet").get().getMetadata().getResourceVersion());
    assertEquals(versions.get("alice"),
        client.secrets().inNamespace(NS).withName("quiet-admin-alice").get().getMetadata().getResourceVersion());
  }

  @Test
  void passwordsSurviveAnOperatorRestart(ApiServer apiServer) throws IOException {
    KubernetesClient client = apiServer.client();
    client.resource(minimal("restart")).create();
    String before = awaitSecret(client, "restart-admin-alice").getData().get("password");
    operator.restart();
    CommunityEdits.edit(client, NS, "restart", c -> {
      c.getSpec().rules = "changed, to make the new operator reconcile";
        });
    awaitStatus(client, "restart", 2);
    assertEquals(before, client.secrets().inNamespace(NS).withName("restart-admin-alice").get().getData().get("password"));
  }

  @Test
  void aNewAdminGetsASecretAndNoOtherPasswordChanges(KubernetesClient client) throws IOException {
    client.resource(minimal("grow")).create();
    String alice = awaitSecret(client, "grow-admin-alice").getData().get("password");
    CommunityEdits.edit(client, NS, "grow", c -> {
      c.getSpec().admins.add(new net.freedommessenger.westchat.api.spec.Admin("bob"));
        });
    awaitSecret(client, "grow-admin-bob");
    assertEquals(alice, client.secrets().inNamespace(NS).withName("grow-admin-alice").get().getData().get("password"));
  }

  @Test
  void withDataRetentionDeleteTheSecretsAreOwned(KubernetesClient client) throws IOException {
    WestchatCommunity community = minimal("owned");
    community.getSpec().dataRetention = DataRetention.DELETE;
    client.resource(community).create();
    Secret alice = awaitSecret(client, "owned-admin-alice");
    assertEquals("owned", alice.getMetadata().getOwnerReferences().get(0).getName());
  }

  @Test
  void aChangedDomainIsRefusedAndNothingIsTouched(KubernetesClient client) throws IOException {
    client.resource(minimal("fixed")).create();
    String password = awaitSecret(client, "fixed-admin-alice").getData().get("password");
    KubernetesClientException refused = assertThrows(KubernetesClientException.class, () ->
        CommunityEdits.edit(client, NS, "fixed", c -> {
          c.getSpec().domain = "other.example.org";
        }));
    assertTrue(refused.getMessage().contains("spec.domain: Invalid value: \"string\": cannot change"), refused.getMessage());
    assertEquals("westchat.example.org",
        client.resources(WestchatCommunity.class).inNamespace(NS).withName("fixed").get().getSpec().domain);
    assertEquals(password, client.secrets().inNamespace(NS).withName("fixed-admin-alice").get().getData().get("password"));
  }
}
