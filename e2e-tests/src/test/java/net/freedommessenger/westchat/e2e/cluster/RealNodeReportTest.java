package net.freedommessenger.westchat.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.Map;
import net.freedommessenger.westchat.api.spec.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a failing real-node test prints: a pod whose container keeps failing is reported as not
 * Ready, with its restarts, the reason it waits, and the end of its container's log.
 */
@ExtendWith(RealNodeExtension.class)
class RealNodeReportTest {

  static final String NS = "report";

  @Test
  void aPodThatDoesNotBecomeReadyIsReportedWithTheEndOfItsLog(RealNodeCluster cluster) {
    cluster.createNamespace(NS, Map.of());
    Pod failing = cluster.client().resource(new PodBuilder()
        .withNewMetadata().withName("fails-at-start").withNamespace(NS).endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("server")
        // any imported image with a shell will do; nothing is pulled
        .withImage(Images.POSTGRES)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sh", "-c", "echo 'the marker line of a server that cannot start'; exit 3")
        .endContainer()
        .endSpec()
        .build()).create();
    try {
      String report = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> cluster.report(20), r -> r.contains("the marker line of a server that cannot start"));
      assertTrue(report.contains("pod report/fails-at-start not Ready"), report);
      assertTrue(report.contains("server: restarts"), report);
    } finally {
      cluster.client().resource(failing).withGracePeriod(0).delete();
    }
  }
}
