package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;

/**
 * The local control plane ({@link LocalCluster}) with a real node ({@link RealNode}) instead of
 * kwok's fake one: the chart's operator runs as a pod from its own image, and every community pod
 * runs real containers from the images images/build.sh made. Pods and Services get addresses
 * that exist only inside this machine ({@link NodeNetwork}); tests reach them there or through
 * the API server.
 */
public final class RealNodeCluster implements ClusterUnderTest, AutoCloseable {

  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(120);

  private final NodeNetwork network;
  private LocalCluster cluster;
  private RealNode node;
  private OneNodePerMachine machineLock;
  private boolean closed;

  private RealNodeCluster(NodeNetwork network) {
    this.network = network;
  }

  /** Why the real node cannot run here (not root, a program missing), or null. */
  public static String whyNot() {
    return RealNode.whyNot();
  }

  /** Starts the control plane and the node; returns when the node is Ready. */
  public static RealNodeCluster start() {
    return start(null);
  }

  /**
   * The same, kept in a data folder (null: a temporary one): a later start in the same folder
   * finds every object, Secret and volume as this one left them.
   */
  public static RealNodeCluster start(Path dataFolder) {
    String whyNot = whyNot();
    if (whyNot != null) {
      throw new IllegalStateException(whyNot);
    }
    RealNodeCluster started = new RealNodeCluster(new NodeNetwork());
    started.machineLock = OneNodePerMachine.acquire();
    Thread stopOnExit = new Thread(started::close, "real-node-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      started.network.up();
      List<Path> images = List.of(NodeImages.servers(), NodeImages.operator());
      started.cluster = dataFolder == null ? LocalCluster.startForRealNode(NodeNetwork.NODE_ADDRESS)
          : LocalCluster.startForRealNodeKeptIn(NodeNetwork.NODE_ADDRESS, dataFolder);
      started.node = RealNode.join(started.cluster, started.network, images);
      return started;
    } catch (RuntimeException | Error e) {
      if (started.cluster != null) {
        started.cluster.keepFilesOnClose();
        System.err.println(started.cluster.logTails(40));
      }
      started.close();
      throw e;
    }
  }

  @Override
  public String describe() {
    return "the local cluster with a real node (containerd, kubelet) at " + cluster.url();
  }

  @Override
  public KubernetesClient client() {
    return cluster.client();
  }

  @Override
  public Path adminKubeconfig() {
    return cluster.adminKubeconfig();
  }

  /** Creates the namespace, or takes the one an earlier test class of the same run made. */
  @Override
  public Namespace createNamespace(String name, Map<String, String> labels) {
    Namespace existing = cluster.client().namespaces().withName(name).get();
    return existing != null && existing.getMetadata().getDeletionTimestamp() == null ? existing
        : cluster.createNamespace(name, labels);
  }

  /** Kills a container (containerd://ID, as a pod's status names it) as a crash would: SIGKILL. */
  public void killContainer(String containerId) {
    node.killContainer(containerId.substring(containerId.indexOf("://") + 3));
  }

  @Override
  public boolean runsContainers() {
    return true;
  }

  /** The chart's own pod, from the operator image built when the node started. */
  @Override
  public OperatorUnderTest operatorOf(RenderedChart installed) {
    return OperatorPod.of(cluster.client(), installed);
  }

  /** Every sample runs as it is: every image it names was built and imported. */
  @Override
  public Path runnable(Path sample) {
    return sample;
  }

  @Override
  public void supplyWhatPodsWaitFor(String namespace, List<HasMetadata> expected) {
    StandInTlsSecrets.supply(cluster.client(), cluster.directory(), namespace, expected);
  }

  /** Deletes the community and waits until its pods are gone. */
  @Override
  public void release(String namespace, String name) {
    KubernetesClient client = cluster.client();
    client.resources(WestchatCommunity.class).inNamespace(namespace).withName(name).delete();
    long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (client.pods().inNamespace(namespace).list().getItems().isEmpty()) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("the pods of " + namespace + "/" + name + " were not gone "
        + RELEASE_TIMEOUT.toSeconds() + " s after the community was deleted");
  }

  public LocalCluster controlPlane() {
    return cluster;
  }

  public Duration nodeStartTime() {
    return node.startTime();
  }

  public Path directory() {
    return cluster.directory();
  }

  /**
   * For a failure report: every pod that is not Ready (phase, restarts, the reason its containers
   * wait or ended), with the end of its containers' logs, and the ends of the node's program logs.
   */
  public String report(int lines) {
    StringBuilder out = new StringBuilder();
    try {
      for (Pod pod : cluster.client().pods().inAnyNamespace().list().getItems()) {
        if (isReady(pod)) {
          continue;
        }
        out.append("----- pod ").append(pod.getMetadata().getNamespace()).append('/').append(pod.getMetadata().getName())
            .append(" not Ready: phase ").append(pod.getStatus().getPhase()).append('\n');
        if (pod.getStatus().getContainerStatuses() != null) {
          for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            out.append("      ").append(status.getName()).append(": restarts ").append(status.getRestartCount())
                .append(", state ").append(status.getState()).append('\n');
          }
        }
        out.append(node.podLogTails(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName(), lines));
      }
    } catch (RuntimeException e) {
      out.append("(cannot list the pods: ").append(e.getMessage()).append(")\n");
    }
    out.append(node.logTails(lines));
    out.append(cluster.logTails(lines));
    return out.toString();
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public void keepFilesOnClose() {
    if (cluster != null) {
      cluster.keepFilesOnClose();
    }
  }

  /** Stops the node (its pods first), then the control plane, then takes the network down. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      network.down();
      if (machineLock != null) {
        machineLock.close();
      }
    }
  }
}
