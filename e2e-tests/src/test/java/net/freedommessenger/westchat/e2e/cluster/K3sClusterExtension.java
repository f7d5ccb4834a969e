package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one {@link K3sCluster} per test JVM, started on first use and stopped when the JUnit
 * run ends; resolves {@link K3sCluster}, {@link ClusterUnderTest} and {@link KubernetesClient}
 * (admin) parameters. Where no Docker engine answers, every test of the class is skipped before
 * anything starts, with a message saying how to run it (a condition rather than an assumption in
 * {@code @BeforeAll}, whose aborted class Surefire would count as no test and whose message it
 * would drop). The question costs one failed connection attempt, so a CI without Docker stays
 * quick and green.
 */
public class K3sClusterExtension implements ExecutionCondition, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(K3sClusterExtension.class);
  private static final String KEY = "k3s-cluster";
  private static final String ENGINE_CHECKED = "docker-engine";
  static final String HOW_TO_RUN = "to run them, start a Docker engine this user can reach (or point DOCKER_HOST at one),"
      + " build the operator (./mvnw -B -pl operator,e2e-tests verify -Dtest=ChartOnK3sTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false) and let the engine pull rancher/k3s and the servers' images";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String whyNot = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(ENGINE_CHECKED, key -> {
      long begin = System.nanoTime();
      String reason = K3sCluster.whyNoEngine();
      if (reason != null) {
        System.err.printf("k3s tests skipped (asking for an engine took %d ms): %s; %s%n",
            (System.nanoTime() - begin) / 1_000_000, reason, HOW_TO_RUN);
      }
      return String.valueOf(reason);
    }, String.class);
    return "null".equals(whyNot) ? ConditionEvaluationResult.enabled("a Docker engine answers")
        : ConditionEvaluationResult.disabled("k3s tests skipped: " + whyNot + "; " + HOW_TO_RUN);
  }

  public static K3sCluster cluster(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, key -> new ClosingCluster(K3sCluster.start()), ClosingCluster.class)
        .cluster();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == K3sCluster.class || type == ClusterUnderTest.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    K3sCluster cluster = cluster(context);
    return parameter.getParameter().getType() == KubernetesClient.class ? cluster.client() : cluster;
  }

  /** Lets JUnit stop k3s with the root context. */
  record ClosingCluster(K3sCluster cluster) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
