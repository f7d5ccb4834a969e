package net.freedommessenger.westchat.e2e.reconciler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.reconciler.ServerAccess;
import net.freedommessenger.westchat.reconciler.WestchatCommunityReconciler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One community's Synapse accepts connections and never answers (a real listener on loopback that
 * holds every connection it takes): the operator, with a single reconcile thread, still brings
 * another community to Ready while a call to that Synapse is open, because no reconcile waits on
 * a chat server; and the stuck community's status names Synapse once the call times out.
 */
@ExtendWith(ApiServerExtension.class)
class SilentSynapseReconcileTest {

  static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void aSynapseThatNeverAnswersHoldsUpNoOtherCommunity(ApiServer apiServer) throws Exception {
    KubernetesClient client = apiServer.client();
    try (SilentListener silent = SilentListener.start()) {
      ServerAccess servers = ServerAccess.IN_CLUSTER.withSynapse(community -> "http://127.0.0.1:" + silent.port());
      try (OperatorInTestJvm operator = OperatorInTestJvm.start(apiServer.newClient(), new WestchatCommunityReconciler(servers), 1)) {
        WestchatCommunity stuck = community("silent-synapse", "stuck.example.org", true);
        create(client, stuck);
        await().atMost(WAIT).until(() -> client.apps().statefulSets().inNamespace("silent-synapse").withName("westchat-postgres")
            .get() != null && client.apps().deployments().inNamespace("silent-synapse").withName("westchat-synapse").get() != null);
        FakeWorkloadController.markStatefulSetReady(client, "silent-synapse", "westchat-postgres");
        FakeWorkloadController.markDeploymentAvailable(client, "silent-synapse", "westchat-synapse");
        await().atMost(WAIT).alias("the operator calls the silent Synapse").until(() -> silent.held() > 0);
        long stuckSince = System.nanoTime();

        long created = System.nanoTime();
        WestchatCommunity lively = community("lively", "lively.example.org", false);
        create(client, lively);
        await().atMost(WAIT).until(() -> client.apps().statefulSets().inNamespace("lively").withName("westchat-prosody").get() != null);
        FakeWorkloadController.markStatefulSetReady(client, "lively", "westchat-prosody");
        await().atMost(WAIT).alias("the other community Ready").until(() -> condition(client, "lively", "Ready")
            .filter(c -> "True".equals(c.status)).isPresent());
        long ready = System.nanoTime();
        assertTrue(silent.held() > 0, "Synapse's call is still open while the other community turned Ready");
        System.out.printf(Locale.ROOT, "Silent Synapse: the other community was Ready %.1f s after it was created, with one"
            + " reconcile thread, while %d connection(s) to the silent Synapse were open for %.1f s%n",
            (ready - created) / 1e9, silent.held(), (ready - stuckSince) / 1e9);

        CommunityCondition matrix = await().atMost(WAIT).alias("the stuck community's status names Synapse")
            .until(() -> condition(client, "silent-synapse", "Matrix").orElse(null),
                c -> c != null && !"True".equals(c.status) && c.message != null && c.message.contains("Synapse")
                    && !"AdminsSettingUp".equals(c.reason));
        System.out.printf(Locale.ROOT, "Silent Synapse: the stuck community's Matrix condition %.1f s after the call began:"
            + " %s: %s%n", (System.nanoTime() - stuckSince) / 1e9, matrix.reason, matrix.message);
        assertNotEquals("True", condition(client, "silent-synapse", "Ready").map(c -> c.status).orElse(null));
        assertEquals("True", condition(client, "lively", "Ready").map(c -> c.status).orElse(null));
      }
    }
  }

  static WestchatCommunity community(String namespace, String domain, boolean matrixOnly) {
    WestchatCommunity community = new WestchatCommunity();
    community.getMetadata().setName("westchat");
    community.getMetadata().setNamespace(namespace);
    community.setSpec(new WestchatCommunitySpec());
    community.getSpec().domain = domain;
    community.getSpec().admins = List.of(new Admin("alice"));
    community.getSpec().matrix.enabled = matrixOnly;
    community.getSpec().xmpp.enabled = !matrixOnly;
    community.getSpec().irc.enabled = false;
    community.getSpec().bridges.matrixIrc.enabled = false;
    community.getSpec().bridges.xmppIrc.enabled = false;
    return community;
  }

  static void create(KubernetesClient client, WestchatCommunity community) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(community.getMetadata().getNamespace()).endMetadata()
        .build()).serverSideApply();
    client.resource(community).create();
  }

  static Optional<CommunityCondition> condition(KubernetesClient client, String namespace, String type) {
    WestchatCommunity stored = client.resources(WestchatCommunity.class).inNamespace(namespace).withName("westchat").get();
    if (stored == null || stored.getStatus() == null) {
      return Optional.empty();
    }
    return stored.getStatus().conditions.stream().filter(c -> type.equals(c.type)).findFirst();
  }

  /** Accepts connections on loopback and never writes a byte; holds them until closed. */
  static final class SilentListener implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    private SilentListener(ServerSocket socket) {
      this.socket = socket;
      Thread accepting = new Thread(this::accept, "silent-synapse");
      accepting.setDaemon(true);
      accepting.start();
    }

    static SilentListener start() throws IOException {
      return new SilentListener(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
    }

    int port() {
      return socket.getLocalPort();
    }

    /** Connections taken and still open from the other side. */
    long held() {
      return connections.stream().filter(c -> !c.isClosed() && !peerClosed(c)).count();
    }

    private static boolean peerClosed(Socket connection) {
      try {
        connection.setSoTimeout(1);
        return connection.getInputStream().read() == -1;
      } catch (java.net.SocketTimeoutException stillOpen) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          connections.add(socket.accept());
        } catch (IOException closed) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket connection : connections) {
        connection.close();
      }
    }
  }
}
