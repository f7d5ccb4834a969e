package net.freedommessenger.westchat.e2e.cluster;

/**
 * Gives tests one {@link LocalCluster} (kwok's fake node) per test JVM; resolves
 * {@link LocalCluster}, {@link ClusterUnderTest} and admin client parameters. When a test or a
 * lifecycle method fails, the end of every program's log is printed and the cluster's folder is
 * kept. Use with {@code @ExtendWith(LocalClusterExtension.class)}.
 *
 * <p>It shares nothing with the API-server tier's extension: its own store key, ports and folder.
 */
public class LocalClusterExtension extends ClusterExtension<LocalCluster> {

  private static final int TAIL_LINES = 40;

  public LocalClusterExtension() {
    super(LocalCluster.class);
  }

  @Override
  LocalCluster start() {
    return LocalCluster.start();
  }

  @Override
  void report(LocalCluster cluster, String what) {
    cluster.keepFilesOnClose();
    System.err.println("local cluster: " + what + " failed; files and logs are kept in " + cluster.directory());
    cluster.printLogTails(System.err, TAIL_LINES);
  }
}
