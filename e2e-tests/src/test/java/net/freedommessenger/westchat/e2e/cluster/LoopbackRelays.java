package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * Carries ports of 127.0.0.1 to a community's Services on the real node (socat, one program per
 * port), so chat programs on this machine reach the community at fixed, short addresses instead
 * of cluster addresses that change with each new Service. Stopped by their own process handles.
 */
final class LoopbackRelays implements AutoCloseable {

  private final ClusterPrograms programs = new ClusterPrograms();
  private final Path logs;

  LoopbackRelays(Path logs) {
    this.logs = logs;
  }

  /** Relays 127.0.0.1:localPort to the Service's cluster address and port. */
  void relay(KubernetesClient client, String namespace, String service, int servicePort, int localPort) {
    Service found = client.services().inNamespace(namespace).withName(service).get();
    if (found == null || found.getSpec().getClusterIP() == null) {
      throw new IllegalStateException("the Service " + namespace + "/" + service + " does not exist");
    }
    programs.launch("relay-" + localPort, logs, Map.of(), "socat",
        "TCP-LISTEN:" + localPort + ",bind=127.0.0.1,reuseaddr,fork",
        "TCP:" + found.getSpec().getClusterIP() + ":" + servicePort);
    ClusterPrograms.waitFor("the relay on 127.0.0.1:" + localPort, () -> !LocalCluster.isFree(localPort),
        java.time.Duration.ofSeconds(10), programs.all());
  }

  void requireRunning() {
    programs.requireRunning();
  }

  @Override
  public void close() {
    for (ClusterProcess relay : programs.newestFirst()) {
      relay.stop(5_000);
    }
  }
}
