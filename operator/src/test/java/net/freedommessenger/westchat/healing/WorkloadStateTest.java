package net.freedommessenger.westchat.healing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadStateTest {

  static Deployment deployment(long generation, Long observed, int replicas, int updated, int available) {
    return new DeploymentBuilder().withNewMetadata().withName("d").withGeneration(generation).endMetadata()
        .withNewSpec().withReplicas(1).withNewTemplate().withNewMetadata().withAnnotations(Map.of("a", "1")).endMetadata()
          .endTemplate().endSpec()
        .withNewStatus().withObservedGeneration(observed).withReplicas(replicas).withUpdatedReplicas(updated)
          .withAvailableReplicas(available)
          .addNewCondition().withType("Available").withStatus("False").withLastTransitionTime("2026-01-01T00:00:00Z").endCondition()
        .endStatus().build();
  }

  @Test
  void rolledOutOnlyWhenTheControllerSawTheCurrentTemplateAndNoOldPodIsLeft() {
    assertTrue(WorkloadState.rolledOut(deployment(3, 3L, 1, 1, 1)));
    assertFalse(WorkloadState.rolledOut(deployment(3, 2L, 1, 1, 1)), "the controller has not seen the new template");
    assertFalse(WorkloadState.rolledOut(deployment(3, 3L, 2, 1, 1)), "an old pod is still there");
    assertFalse(WorkloadState.rolledOut(deployment(3, 3L, 1, 1, 0)), "the new pod is not available");
    assertFalse(WorkloadState.rolledOut(new DeploymentBuilder().withNewMetadata().withGeneration(1L).endMetadata().build()));
  }

  @Test
  void readsWhenTheAvailableConditionChanged() {
    assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:00Z")), WorkloadState.availableSince(deployment(1, 1L, 1, 1, 0), "False"));
    assertEquals(Optional.empty(), WorkloadState.availableSince(deployment(1, 1L, 1, 1, 0), "True"));
  }

  @Test
  void podAnnotationsCanBeAddedToATemplateBuiltFromAnImmutableMap() {
    Deployment deployment = deployment(1, 1L, 1, 1, 1);
    WorkloadState.podAnnotations(deployment).put("b", "2");
    assertEquals(Optional.of("2"), WorkloadState.podAnnotation(deployment, "b"));
    assertEquals(Optional.of("1"), WorkloadState.podAnnotation(deployment, "a"));
  }
}
