package net.freedommessenger.westchat.e2e.cluster;

/**
 * Gives tests one {@link RealNodeCluster} per test JVM; resolves {@link RealNodeCluster},
 * {@link ClusterUnderTest} and admin client parameters. When a test or a lifecycle method fails,
 * every pod that is not Ready is reported with the end of its containers' logs, then the node's
 * and the control plane's program logs, and the cluster's folder is kept.
 */
public class RealNodeExtension extends ClusterExtension<RealNodeCluster> {

  private static final int TAIL_LINES = 40;

  public RealNodeExtension() {
    super(RealNodeCluster.class);
  }

  @Override
  RealNodeCluster start() {
    return RealNodeCluster.start();
  }

  @Override
  void report(RealNodeCluster cluster, String what) {
    cluster.keepFilesOnClose();
    System.err.println("real node: " + what + " failed; files and logs are kept in " + cluster.directory());
    System.err.println(cluster.report(TAIL_LINES));
  }
}
