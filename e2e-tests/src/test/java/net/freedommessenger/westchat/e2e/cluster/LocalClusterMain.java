package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * Runs the cluster tier's {@link LocalCluster} in the foreground for a person at a terminal
 * (e2e-tests/testenv/local-cluster.sh): prints how to point kubectl and the operator at it and
 * stops every program on Ctrl-C. Logs and certificates stay in the printed folder.
 *
 * <p>usage: LocalClusterMain [--real-node] [--kubeconfig FILE] (also writes the admin kubeconfig to FILE);
 * with --real-node a real node ({@link RealNodeCluster}) replaces kwok's fake one.
 */
public final class LocalClusterMain {

  private LocalClusterMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path copyTo = null;
    boolean realNode = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--kubeconfig") && i + 1 < args.length) {
        copyTo = Path.of(args[++i]).toAbsolutePath();
      } else if (args[i].equals("--real-node")) {
        realNode = true;
      } else {
        System.err.println("usage: local-cluster [--real-node] [--kubeconfig FILE]");
        System.exit(2);
      }
    }

    LocalCluster cluster;
    AutoCloseable stoppable;
    String nodes;
    if (realNode) {
      String whyNot = RealNodeCluster.whyNot();
      if (whyNot != null) {
        System.err.println("local cluster: " + whyNot);
        System.exit(1);
      }
      System.err.println("local cluster: starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler,"
          + " then a real node (containerd, kubelet, kube-proxy, CoreDNS) ...");
      RealNodeCluster withNode = RealNodeCluster.start();
      withNode.keepFilesOnClose();
      cluster = withNode.controlPlane();
      stoppable = withNode;
      nodes = String.format(Locale.ROOT, "one real node (%s, containerd and runc) Ready in %.1f s more.%n"
          + "Pods run real containers from the images images/build.sh made; pod and Service addresses%n"
          + "exist only inside this machine", RealNode.NODE_NAME, withNode.nodeStartTime().toMillis() / 1000.0);
    } else {
      System.err.println("local cluster: starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok ...");
      cluster = LocalCluster.start();
      cluster.keepFilesOnClose();
      stoppable = cluster;
      nodes = "one fake node (" + LocalCluster.FAKE_NODE + ") played by kwok.\n"
          + "Pods are scheduled there and turn Ready; no container runs";
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      System.err.println("\nlocal cluster: stopping ...");
      try {
        stoppable.close();
      } catch (Exception e) {
        System.err.println("local cluster: " + e);
      }
      System.err.println("local cluster: stopped; logs are in " + cluster.directory().resolve("logs"));
    }, "local-cluster-main-stop"));

    Path kubeconfig = cluster.adminKubeconfig();
    if (copyTo != null) {
      Files.createDirectories(copyTo.getParent());
      Files.copy(kubeconfig, copyTo, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(copyTo, PosixFilePermissions.fromString("rw-------"));
      kubeconfig = copyTo;
    }

    Path bin = TestEnvironment.directory().resolve("bin");
    System.out.printf(Locale.ROOT, """

        Local cluster is up: Kubernetes %s at %s, control plane ready in %.1f s,
        %s.

        Point kubectl and the operator at it (in another terminal, from the repository root):

          export KUBECONFIG=%s
          export PATH="%s:$PATH"     # kubectl of the same version
          kubectl get nodes
          ./westchat run                # the operator, as the cluster admin

        Logs of every program: %s
        Ctrl-C stops the cluster.
        """, TestEnvironment.KUBERNETES_VERSION, cluster.url(),
        cluster.startTime().toMillis() / 1000.0, nodes, kubeconfig, bin, cluster.directory().resolve("logs"));
    System.out.flush();

    while (!stopping.get()) {
      Thread.sleep(2_000);
      try {
        cluster.requireRunning();
      } catch (IllegalStateException exited) {
        if (stopping.get()) {
          return; // Ctrl-C reached the programs too; the shutdown hook stops the rest
        }
        System.err.println("local cluster: " + exited.getMessage());
        System.exit(1);
      }
    }
  }
}
