package net.freedommessenger.westchat.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.e2e.apiserver.ProjectCrds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * samples/minimal.yaml on the local cluster, in a namespace that enforces the restricted Pod
 * Security Standard: every pod of the Matrix part and of the Matrix-IRC bridge is admitted, the workloads roll out and the
 * volume claims are bound.
 */
@ExtendWith(LocalClusterExtension.class)
class MatrixOnTheClusterTest {

  static final String NS = "matrix-restricted";
  static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void everyMatrixPodIsAdmittedUnderRestrictedAndTurnsReady(LocalCluster cluster) throws Exception {
    KubernetesClient client = cluster.client();
    ProjectCrds.apply(client);
    cluster.createNamespace(NS, Map.of("pod-security.kubernetes.io/enforce", "restricted",
        "pod-security.kubernetes.io/enforce-version", "latest"));
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(cluster.newClient())) {
      WestchatCommunity community = Serialization.unmarshal(
          Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml")), WestchatCommunity.class);
      community.getMetadata().setNamespace(NS);
      client.resource(community).create();

      for (String deployment : List.of("westchat-synapse", "westchat-matrix-delegation", "westchat-heisenbridge")) {
        await().atMost(WAIT).until(() -> {
          Deployment d = client.apps().deployments().inNamespace(NS).withName(deployment).get();
          return d != null && d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas());
        });
      }
      await().atMost(WAIT).until(() -> {
        StatefulSet s = client.apps().statefulSets().inNamespace(NS).withName("westchat-postgres").get();
        return s != null && s.getStatus() != null && Integer.valueOf(1).equals(s.getStatus().getReadyReplicas());
      });
      // the sample's other parts have pods of their own; Synapse may be rolling once more (the bridge's
      // registration digest reaches its template), so its pod is awaited, not counted at once
      List<Pod> pods = await().atMost(WAIT).until(() -> client.pods().inNamespace(NS).list().getItems().stream()
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
          .filter(p -> List.of("synapse", "matrix-delegation", "postgres")
              .contains(p.getMetadata().getLabels().get("app.kubernetes.io/component"))).toList(), list -> list.size() == 3);
      assertEquals(3, pods.size(), pods.stream().map(p -> p.getMetadata().getName()).toList().toString());
      List<Event> refusals = client.v1().events().inNamespace(NS).list().getItems().stream()
          .filter(e -> "FailedCreate".equals(e.getReason())).toList();
      assertTrue(refusals.isEmpty(), refusals.stream().map(Event::getMessage).toList().toString());
      assertEquals("Bound", client.persistentVolumeClaims().inNamespace(NS).withName("westchat-synapse-media").get()
          .getStatus().getPhase());
    }
  }
}
