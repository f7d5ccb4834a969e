package net.freedommessenger.westchat.healing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The restarts the operator made of a bridge in a row, kept as annotations on the bridge's own
 * Deployment. There rather than in the community's status: status is meant to be what can be
 * observed again at any time, while this count is the operator's memory of its own actions; on
 * the Deployment it survives an operator restart, goes away with the workload (a recreated
 * Deployment starts from zero), and a human can read or remove it with kubectl. The operator
 * writes these with a merge patch of its own, apart from the fields its server-side apply owns.
 *
 * @param restarts restarts in a row while the bridge was not Ready
 * @param lastRestart when the last one was made
 * @param gaveUp when the operator stopped restarting
 */
public record RestartRecord(int restarts, Optional<Instant> lastRestart, Optional<Instant> gaveUp) {

  public static final String RESTARTS = "westchat.freedom-messenger.net/bridge-restarts";
  public static final String LAST_RESTART = "westchat.freedom-messenger.net/bridge-last-restart";
  public static final String GAVE_UP = "westchat.freedom-messenger.net/bridge-restarts-given-up";
  /** The pod-template annotation `kubectl rollout restart` sets; changing it rolls the pods. */
  public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  public static final RestartRecord NONE = new RestartRecord(0, Optional.empty(), Optional.empty());

  public static RestartRecord of(Deployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    if (annotations == null) {
      return NONE;
    }
    int restarts;
    try {
      restarts = Integer.parseInt(annotations.getOrDefault(RESTARTS, "0"));
    } catch (NumberFormatException e) {
      restarts = 0;
    }
    return new RestartRecord(Math.max(0, restarts), instant(annotations.get(LAST_RESTART)), instant(annotations.get(GAVE_UP)));
  }

  public boolean isEmpty() {
    return restarts == 0 && lastRestart.isEmpty() && gaveUp.isEmpty();
  }

  private static Optional<Instant> instant(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(Instant.parse(value));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
