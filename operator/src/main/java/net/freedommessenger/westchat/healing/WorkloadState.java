package net.freedommessenger.westchat.healing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What a Deployment's status says, read the same way by every healing step. */
final class WorkloadState {

  private WorkloadState() {}

  static boolean available(Deployment deployment) {
    return deployment.getStatus() != null && deployment.getStatus().getAvailableReplicas() != null
        && deployment.getStatus().getAvailableReplicas() > 0;
  }

  /** Every replica runs the current pod template and is available, and no old pod is left. */
  static boolean rolledOut(Deployment deployment) {
    var status = deployment.getStatus();
    if (status == null || status.getObservedGeneration() == null) {
      return false;
    }
    int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    return status.getObservedGeneration() >= deployment.getMetadata().getGeneration()
        && value(status.getUpdatedReplicas()) >= wanted && value(status.getAvailableReplicas()) >= wanted
        && value(status.getReplicas()) == value(status.getUpdatedReplicas());
  }

  /** When the Available condition last changed to the given status, if the controller wrote one. */
  static Optional<Instant> availableSince(Deployment deployment, String conditionStatus) {
    if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return deployment.getStatus().getConditions().stream()
        .filter(c -> "Available".equals(c.getType()) && conditionStatus.equals(c.getStatus()))
        .map(DeploymentCondition::getLastTransitionTime).filter(t -> t != null).map(Instant::parse).findFirst();
  }

  /** The pod template's annotations, as a map that can be changed and keeps its order. */
  static Map<String, String> podAnnotations(Deployment deployment) {
    var metadata = deployment.getSpec().getTemplate().getMetadata();
    Map<String, String> annotations = new TreeMap<>(metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
    metadata.setAnnotations(annotations);
    return annotations;
  }

  static Optional<String> podAnnotation(Deployment deployment, String key) {
    var template = deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
    if (template == null || template.getMetadata() == null || template.getMetadata().getAnnotations() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(template.getMetadata().getAnnotations().get(key));
  }

  private static int value(Integer count) {
    return count == null ? 0 : count;
  }
}
