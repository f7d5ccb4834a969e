package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests one {@link RealNodeCluster} per test JVM, started on first use and stopped when the
 * JUnit run ends; resolves {@link RealNodeCluster}, {@link ClusterUnderTest} and
 * {@link KubernetesClient} (admin) parameters. When a test or a lifecycle method fails, every pod
 * that is not Ready is reported with the end of its containers' logs, then the node's and the
 * control plane's program logs, and the cluster's folder is kept.
 */
public class RealNodeExtension implements ParameterResolver, TestWatcher, LifecycleMethodExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealNodeExtension.class);
  private static final String KEY = "real-node-cluster";
  private static final int TAIL_LINES = 40;

  public static RealNodeCluster cluster(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, key -> new ClosingCluster(RealNodeCluster.start()), ClosingCluster.class)
        .cluster();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == RealNodeCluster.class || type == ClusterUnderTest.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    RealNodeCluster cluster = cluster(context);
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

  private static void reportFailure(ExtensionContext context, String what) {
    Optional.ofNullable(context.getRoot().getStore(NAMESPACE).get(KEY, ClosingCluster.class)).ifPresent(closing -> {
      RealNodeCluster cluster = closing.cluster();
      cluster.keepFilesOnClose();
      System.err.println("real node: " + what + " failed; files and logs are kept in " + cluster.directory());
      System.err.println(cluster.report(TAIL_LINES));
    });
  }

  /** Lets JUnit stop the cluster with the root context. */
  record ClosingCluster(RealNodeCluster cluster) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
