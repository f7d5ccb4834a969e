package net.freedommessenger.westchat.healing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why a bridge's pod is not Ready, in a sentence, from what the kubelet and the scheduler wrote:
 * the newest pod's scheduling, each container's waiting reason and its last termination.
 */
public final class PodDiagnosis {

  static final int MAX_TEXT = 200;

  private PodDiagnosis() {}

  public static String describe(List<Pod> pods) {
    if (pods.isEmpty()) {
      return "no pod of it exists";
    }
    Pod pod = pods.stream().max(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
        .thenComparing(p -> p.getMetadata().getName())).orElseThrow();
    List<String> facts = new ArrayList<>();
    var status = pod.getStatus();
    if (status != null && status.getConditions() != null) {
      status.getConditions().stream().filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
          .findFirst().ifPresent(c -> facts.add("not scheduled: " + reasonAndMessage(c)));
    }
    if (status != null) {
      containers(status.getInitContainerStatuses(), "init container ", facts);
      containers(status.getContainerStatuses(), "container ", facts);
    }
    String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    return "pod " + pod.getMetadata().getName() + " is " + phase + (facts.isEmpty() ? "" : ": " + String.join("; ", facts));
  }

  private static void containers(List<ContainerStatus> statuses, String what, List<String> facts) {
    if (statuses == null) {
      return;
    }
    for (ContainerStatus container : statuses) {
      List<String> parts = new ArrayList<>();
      var state = container.getState();
      if (state != null && state.getWaiting() != null && state.getWaiting().getReason() != null
          && !"PodInitializing".equals(state.getWaiting().getReason())) {
        parts.add("waiting, " + state.getWaiting().getReason() + text(state.getWaiting().getMessage()));
      }
      var last = container.getLastState() == null ? null : container.getLastState().getTerminated();
      if (last != null) {
        parts.add("last ended with exit code " + last.getExitCode() + (last.getReason() == null ? "" : " (" + last.getReason() + ")")
            + text(last.getMessage()));
      }
      if (!parts.isEmpty()) {
        facts.add(what + container.getName() + " " + String.join(", ", parts));
      }
    }
  }

  private static String reasonAndMessage(PodCondition condition) {
    return (condition.getReason() == null ? "" : condition.getReason()) + text(condition.getMessage());
  }

  /** A message from the cluster, on one line and cut short. */
  static String text(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    String line = message.strip().replaceAll("\\s+", " ");
    return ": " + (line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "..." : line);
  }
}
