package net.freedommessenger.westchat.e2e.matrix;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.model.bridges.RegistrationHash;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Matrix part's objects against a real API server: created, kept, repaired, rolled. */
@ExtendWith(ApiServerExtension.class)
class MatrixObjectsReconcileTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static OperatorInTestJvm operator;

  static final Map<Class<? extends HasMetadata>, String> MATRIX_OBJECTS = new LinkedHashMap<>();

  static {
    MATRIX_OBJECTS.put(Secret.class, "-synapse");
    MATRIX_OBJECTS.put(ConfigMap.class, "-synapse");
    MATRIX_OBJECTS.put(PersistentVolumeClaim.class, "-synapse-media");
    MATRIX_OBJECTS.put(Service.class, "-synapse");
    MATRIX_OBJECTS.put(Deployment.class, "-synapse");
    MATRIX_OBJECTS.put(Ingress.class, "-matrix");
    MATRIX_OBJECTS.put(StatefulSet.class, "-postgres");
  }

  @BeforeAll
  static void startOperator(ApiServer apiServer) {
    operator = OperatorInTestJvm.start(apiServer.newClient());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** The minimal sample, in a namespace of its own. */
  static WestchatCommunity applyMinimal(KubernetesClient client, String namespace) throws IOException {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).serverSideApply();
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples/minimal.yaml"))) {
      WestchatCommunity community = Serialization.unmarshal(in, WestchatCommunity.class);
      community.getMetadata().setNamespace(namespace);
      return client.resource(community).create();
    }
  }

  static <T extends HasMetadata> T awaitObject(KubernetesClient client, String namespace, Class<T> type, String name) {
    return await().atMost(WAIT).until(() -> client.resources(type).inNamespace(namespace).withName(name).get(), o -> o != null);
  }

  static Map<String, String> resourceVersions(KubernetesClient client, String namespace) {
    Map<String, String> versions = new LinkedHashMap<>();
    MATRIX_OBJECTS.forEach((type, suffix) -> versions.put(type.getSimpleName(),
        client.resources(type).inNamespace(namespace).withName("westchat" + suffix).get().getMetadata().getResourceVersion()));
    return versions;
  }

  static void awaitAll(KubernetesClient client, String namespace) {
    MATRIX_OBJECTS.forEach((type, suffix) -> awaitObject(client, namespace, type, "westchat" + suffix));
    awaitObject(client, namespace, Secret.class, "westchat-postgres");
    awaitObject(client, namespace, Service.class, "westchat-postgres");
    // the digest of the bridge's registration reaches Synapse's pod template once the bridge's Secret exists
    await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(namespace).withName("westchat-synapse").get()
        .getSpec().getTemplate().getMetadata().getAnnotations().containsKey(RegistrationHash.ANNOTATION));
  }

  static String configHash(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
  }

  @Test
  void minimalSampleCreatesEveryObjectAndASecondReconcileWritesNothing(KubernetesClient client) throws IOException {
    applyMinimal(client, "matrix-create");
    awaitAll(client, "matrix-create");
    Map<String, String> before = resourceVersions(client, "matrix-create");
    CommunityEdits.edit(client, "matrix-create", "westchat", c -> {
          c.getMetadata().setAnnotations(Map.of("example.org/nudge", "1"));
        });
    await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT).until(() -> true);
    assertEquals(before, resourceVersions(client, "matrix-create"));
  }

  @Test
  void generatedSecretsSurviveARecreatedWorkload(KubernetesClient client) throws IOException {
    applyMinimal(client, "matrix-keep");
    awaitAll(client, "matrix-keep");
    Map<String, String> keys = client.secrets().inNamespace("matrix-keep").withName("westchat-synapse").get().getData();
    client.apps().deployments().inNamespace("matrix-keep").withName("westchat-synapse")
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    await().atMost(WAIT).until(() -> {
      Deployment d = client.apps().deployments().inNamespace("matrix-keep").withName("westchat-synapse").get();
      return d != null && d.getMetadata().getDeletionTimestamp() == null;
    });
    assertEquals(keys, client.secrets().inNamespace("matrix-keep").withName("westchat-synapse").get().getData());
  }

  @Test
  void aHandEditedConfigMapIsRepaired(KubernetesClient client) throws IOException {
    applyMinimal(client, "matrix-drift");
    awaitAll(client, "matrix-drift");
    String original = client.configMaps().inNamespace("matrix-drift").withName("westchat-synapse").get()
        .getData().get("homeserver.yaml");
    client.configMaps().inNamespace("matrix-drift").withName("westchat-synapse").edit(cm -> {
      cm.getData().put("homeserver.yaml", "server_name: hijacked.example.org\n");
      return cm;
    });
    await().atMost(WAIT).until(() -> original.equals(
        client.configMaps().inNamespace("matrix-drift").withName("westchat-synapse").get().getData().get("homeserver.yaml")));
  }

  @Test
  void aSpecChangeRollsThePodTemplateThroughTheConfigHash(KubernetesClient client) throws IOException {
    applyMinimal(client, "matrix-roll");
    awaitAll(client, "matrix-roll");
    String before = configHash(client.apps().deployments().inNamespace("matrix-roll").withName("westchat-synapse").get());
    CommunityEdits.edit(client, "matrix-roll", "westchat", c -> {
      c.getSpec().registration = net.freedommessenger.westchat.api.spec.Registration.OPEN;
        });
    await().atMost(WAIT).until(() -> !before.equals(
        configHash(client.apps().deployments().inNamespace("matrix-roll").withName("westchat-synapse").get())));
    assertTrue(client.configMaps().inNamespace("matrix-roll").withName("westchat-synapse").get()
        .getData().get("homeserver.yaml").contains("enable_registration_without_verification: true"));
  }

  @Test
  void invalidInputLeavesRunningObjectsAlone(KubernetesClient client) throws IOException {
    applyMinimal(client, "matrix-bad");
    awaitAll(client, "matrix-bad");
    Map<String, String> before = resourceVersions(client, "matrix-bad");
    KubernetesClientException refused = assertThrows(KubernetesClientException.class, () ->
        CommunityEdits.edit(client, "matrix-bad", "westchat", c -> {
          c.getSpec().matrix.media.storage = "lots";
        }));
    assertTrue(refused.getMessage().contains("spec.matrix.media.storage"), refused.getMessage());
    await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
    assertEquals(before, resourceVersions(client, "matrix-bad"));
  }

  @Test
  void matrixConditionSaysTheDatabaseIsNotReady(KubernetesClient client) throws IOException {
    applyMinimal(client, "matrix-status");
    WestchatCommunity community = await().atMost(WAIT).until(
        () -> client.resources(WestchatCommunity.class).inNamespace("matrix-status").withName("westchat").get(),
        c -> c.getStatus() != null && c.getStatus().conditions.stream()
            .anyMatch(cond -> cond.type.equals("Matrix") && "DatabaseNotReady".equals(cond.reason)));
    // no controllers run in this tier, so PostgreSQL never becomes ready: the condition must say so in words
    var matrix = community.getStatus().conditions.stream().filter(c -> c.type.equals("Matrix")).findFirst().orElseThrow();
    assertEquals("False", matrix.status);
    assertTrue(matrix.message.contains("PostgreSQL"), matrix.message);
    assertNotEquals("True", community.getStatus().conditions.get(0).status);
  }

  @Test
  void volumesAndSecretsOutliveTheCommunityUnderRetain(KubernetesClient client) throws IOException {
    applyMinimal(client, "matrix-retain");
    awaitAll(client, "matrix-retain");
    for (HasMetadata data : List.<HasMetadata>of(
        client.persistentVolumeClaims().inNamespace("matrix-retain").withName("westchat-synapse-media").get(),
        client.secrets().inNamespace("matrix-retain").withName("westchat-synapse").get(),
        client.secrets().inNamespace("matrix-retain").withName("westchat-postgres").get())) {
      assertTrue(data.getMetadata().getOwnerReferences().isEmpty(), data.getKind() + " " + data.getMetadata().getName());
    }
    assertEquals("westchat", client.apps().deployments().inNamespace("matrix-retain").withName("westchat-synapse").get()
        .getMetadata().getOwnerReferences().get(0).getName(), "workloads are owned and garbage-collected");
  }
}
