package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests one {@link LocalCluster} per test JVM, started on first use and stopped when the
 * JUnit run ends, and resolves {@link LocalCluster}, {@link ClusterUnderTest} and
 * {@link KubernetesClient} (admin) parameters. When a test or a lifecycle method fails, the end of every program's log is printed
 * and the cluster's folder is kept. Use with {@code @ExtendWith(LocalClusterExtension.class)}.
 *
 * <p>It shares nothing with the API-server tier's extension: its own store key, ports and folder.
 */
public class LocalClusterExtension implements ParameterResolver, TestWatcher, LifecycleMethodExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalClusterExtension.class);
  private static final String KEY = "local-cluster";
  private static final int TAIL_LINES = 40;

  public static LocalCluster cluster(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, key -> new ClosingCluster(LocalCluster.start()), ClosingCluster.class)
        .cluster();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == LocalCluster.class || type == ClusterUnderTest.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalCluster cluster = cluster(context);
    return parameter.getParameter().getType() == KubernetesClient.class ? cluster.client() : cluster;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    reportFailure(context, context.getDisplayName());
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    reportFailure(context, "@BeforeAll of " + context.getDisplayName());
    throw throwable;
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    reportFailure(context, "@BeforeEach of " + context.getDisplayName());
    throw throwable;
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    reportFailure(context, "@AfterEach of " + context.getDisplayName());
    throw throwable;
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    reportFailure(context, "@AfterAll of " + context.getDisplayName());
    throw throwable;
  }

  /** Prints the logs' ends of a cluster that is running; a cluster that failed to start has said it. */
  private static void reportFailure(ExtensionContext context, String what) {
    Optional.ofNullable(context.getRoot().getStore(NAMESPACE).get(KEY, ClosingCluster.class)).ifPresent(closing -> {
      LocalCluster cluster = closing.cluster();
      cluster.keepFilesOnClose();
      System.err.println("local cluster: " + what + " failed; files and logs are kept in " + cluster.directory());
      cluster.printLogTails(System.err, TAIL_LINES);
    });
  }

  /** Lets JUnit stop the cluster with the root context. */
  record ClosingCluster(LocalCluster cluster) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
