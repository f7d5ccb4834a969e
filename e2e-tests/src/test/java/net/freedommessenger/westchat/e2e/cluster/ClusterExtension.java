package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests one cluster of a kind per test JVM, started on first use and stopped when the JUnit
 * run ends, and resolves parameters of its type, {@link ClusterUnderTest} and {@link KubernetesClient}
 * (admin). When a test or a lifecycle method fails, the subclass reports what the cluster knows
 * (its programs' logs, its pods) and keeps its folder.
 */
abstract class ClusterExtension<C extends ClusterUnderTest & AutoCloseable>
    implements ParameterResolver, TestWatcher, LifecycleMethodExecutionExceptionHandler {

  private static final String KEY = "cluster";

  private final Class<C> type;
  private final ExtensionContext.Namespace namespace;

  ClusterExtension(Class<C> type) {
    this.type = type;
    this.namespace = ExtensionContext.Namespace.create(getClass());
  }

  abstract C start();

  /** Prints what helps to see why "what" failed, and keeps the cluster's files. */
  abstract void report(C cluster, String what);

  C cluster(ExtensionContext context) {
    return type.cast(context.getRoot().getStore(namespace)
        .getOrComputeIfAbsent(KEY, key -> new Closing(start()), Closing.class).cluster());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> wanted = parameter.getParameter().getType();
    return wanted == KubernetesClient.class || wanted == type || wanted == ClusterUnderTest.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    C cluster = cluster(context);
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

  /** Reports on a cluster that is running; one that failed to start has said why. */
  private void reportFailure(ExtensionContext context, String what) {
    Optional.ofNullable(context.getRoot().getStore(namespace).get(KEY, Closing.class))
        .ifPresent(closing -> report(type.cast(closing.cluster()), what));
  }

  /** Lets JUnit stop the cluster with the root context. */
  record Closing(AutoCloseable cluster) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      cluster.close();
    }
  }
}
