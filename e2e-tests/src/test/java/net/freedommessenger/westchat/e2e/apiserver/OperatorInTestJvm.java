package net.freedommessenger.westchat.e2e.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import net.freedommessenger.westchat.reconciler.WestchatCommunityReconciler;

/** The operator, run in the test JVM against a given API server, as `westchat run` runs it. */
public final class OperatorInTestJvm implements AutoCloseable {

  private final Operator operator;

  private OperatorInTestJvm(Operator operator) {
    this.operator = operator;
  }

  public static OperatorInTestJvm start(KubernetesClient client) {
    return start(client, new WestchatCommunityReconciler());
  }

  public static OperatorInTestJvm start(KubernetesClient client, WestchatCommunityReconciler reconciler) {
    return start(client, reconciler, 0);
  }

  /** With that many reconcile threads (0: JOSDK's default), to show what one slow community holds up. */
  public static OperatorInTestJvm start(KubernetesClient client, WestchatCommunityReconciler reconciler, int reconcileThreads) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client).withCloseClientOnStop(false);
      if (reconcileThreads > 0) {
        o.withConcurrentReconciliationThreads(reconcileThreads);
      }
    });
    operator.register(reconciler);
    operator.start();
    return new OperatorInTestJvm(operator);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
