package net.freedommessenger.westchat.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.CertificateStandIn;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.e2e.apiserver.ProjectCrds;
import net.freedommessenger.westchat.e2e.rooms.CommunityOnLoopback;
import net.freedommessenger.westchat.e2e.servers.LoopbackServers;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * samples/heisenbridge.yaml, applied with kubectl into a namespace that enforces the restricted
 * Pod Security Standard, reaches Ready: `kubectl get wcc` says True. The local cluster admits and
 * runs the pods (kwok: ready, but nothing inside), so what answers inside them in a real cluster
 * runs on loopback from the configs and Secrets the operator made there (Synapse with PostgreSQL,
 * Heisenbridge, Ergo, Prosody with Biboumi), and the operator, in the test JVM, reaches them there.
 * cert-manager is a stand-in whose Certificates the test marks issued, as cert-manager would.
 */
@ExtendWith(LocalClusterExtension.class)
class SampleReadyOnTheClusterTest {

  static final String NS = "westchat-ready";
  static final Duration WAIT = Duration.ofSeconds(240);
  static final Map<String, String> RESTRICTED = Map.of("pod-security.kubernetes.io/enforce", "restricted",
      "pod-security.kubernetes.io/enforce-version", "latest");

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void theHeisenbridgeSampleShowsReadyInKubectlGetWcc(LocalCluster cluster) throws Exception {
    KubernetesClient client = cluster.client();
    ProjectCrds.apply(client);
    CertificateStandIn.install(client);
    cluster.createNamespace(NS, RESTRICTED);
    LoopbackServers loopback = new LoopbackServers();
    Kubectl kubectl = new Kubectl(cluster.adminKubeconfig());
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(cluster.newClient(),
        loopback.reconciler())) {
      long applied = System.nanoTime();
      kubectl.run("apply", "-n", NS, "-f", "samples/heisenbridge.yaml").requireSuccess("kubectl apply");
      WestchatCommunity community = CommunityFile.parse(Files.readString(ApiServer.repoRoot().resolve("samples/heisenbridge.yaml")));
      community.getMetadata().setNamespace(NS);
      CommunityOnLoopback.start(servers, client, community, loopback);

      String table = await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
        markCertificatesIssued(client);
        String out = kubectl.run("get", "wcc", "-n", NS).requireSuccess("kubectl get wcc").stdout();
        System.out.println(out.strip() + "\n" + conditions(client));
        return out;
      }, SampleReadyOnTheClusterTest::showsReady);
      System.out.printf("samples/heisenbridge.yaml Ready %d ms after kubectl apply%n", (System.nanoTime() - applied) / 1_000_000);
      assertTrue(table.contains("westchat.example.org"), table);

      WestchatCommunity ready = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
      assertEquals(List.of("True"), ready.getStatus().conditions.stream().map(c -> c.status).distinct().toList(),
          conditions(client));
      assertEquals(Boolean.TRUE, ready.getStatus().rooms.get(0).matrix.ready);
      assertEquals(Boolean.TRUE, ready.getStatus().rooms.get(0).xmpp.ready);
      assertEquals(Boolean.TRUE, ready.getStatus().rooms.get(0).irc.ready);
    }
  }

  /** kubectl's table has the community's row with True in the READY column. */
  static boolean showsReady(String table) {
    List<String> lines = table.lines().toList();
    if (lines.size() < 2) {
      return false;
    }
    int column = List.of(lines.get(0).trim().split("\\s+")).indexOf("READY");
    String[] row = lines.get(1).trim().split("\\s+");
    return column >= 0 && row.length > column && row[column].equals("True");
  }

  /** What cert-manager does once it issued a Certificate: its Ready condition turns True. */
  static void markCertificatesIssued(KubernetesClient client) {
    for (GenericKubernetesResource certificate : client.genericKubernetesResources("cert-manager.io/v1", "Certificate")
        .inNamespace(NS).list().getItems()) {
      certificate.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True",
          "reason", "Issued", "message", "Certificate is up to date and has not expired"))));
      client.genericKubernetesResources("cert-manager.io/v1", "Certificate").inNamespace(NS)
          .resource(certificate).updateStatus();
    }
  }

  static String conditions(KubernetesClient client) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    if (community == null || community.getStatus() == null) {
      return "(no status yet)";
    }
    StringBuilder text = new StringBuilder();
    community.getStatus().conditions.forEach(c -> text.append("  ").append(c.type).append(' ').append(c.status).append(' ')
        .append(c.reason).append(": ").append(c.message).append('\n'));
    return text.toString();
  }
}
