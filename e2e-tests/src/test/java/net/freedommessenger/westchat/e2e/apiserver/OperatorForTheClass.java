package net.freedommessenger.westchat.e2e.apiserver;

import java.util.function.Supplier;
import net.freedommessenger.westchat.reconciler.WestchatCommunityReconciler;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One operator in the test JVM for all tests of a class, against the API server of
 * {@link ApiServerExtension}: started before the first test, stopped after the last. Use as
 * {@code @RegisterExtension static final OperatorForTheClass operator = new OperatorForTheClass();}.
 */
public final class OperatorForTheClass implements BeforeAllCallback, AfterAllCallback {

  private final Supplier<WestchatCommunityReconciler> reconciler;
  private ApiServer apiServer;
  private OperatorInTestJvm running;

  /** The operator as it runs in a cluster. */
  public OperatorForTheClass() {
    this(WestchatCommunityReconciler::new);
  }

  /** With a reconciler that reaches servers another way, made anew at every (re)start. */
  public OperatorForTheClass(Supplier<WestchatCommunityReconciler> reconciler) {
    this.reconciler = reconciler;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    apiServer = ApiServerExtension.apiServer(context);
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** Stops the operator and starts a new one, as after a crash or an upgrade: nothing kept in memory. */
  public void restart() {
    stop();
    start();
  }

  private void start() {
    running = OperatorInTestJvm.start(apiServer.newClient(), reconciler.get());
  }

  private void stop() {
    if (running != null) {
      running.close();
      running = null;
    }
  }
}
