package net.freedommessenger.westchat.healing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodDiagnosisTest {

  static Pod crashLooping(String name, String created) {
    return new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created).endMetadata()
        .withNewStatus().withPhase("Running")
          .addNewContainerStatus().withName("bridge").withReady(false).withRestartCount(4)
            .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
              .withMessage("back-off 1m20s restarting failed container=bridge").endWaiting().endState()
            .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
              .withMessage("Error: homeserver\\n not reachable").endTerminated().endLastState()
          .endContainerStatus()
        .endStatus().build();
  }

  @Test
  void saysTheWaitingReasonAndTheLastTerminationOfTheNewestPod() {
    String text = PodDiagnosis.describe(List.of(crashLooping("old", "2026-01-01T00:00:00Z"),
        crashLooping("new", "2026-01-01T00:05:00Z")));
    assertEquals("pod new is Running: container bridge waiting, CrashLoopBackOff: back-off 1m20s restarting failed "
        + "container=bridge, last ended with exit code 1 (Error): Error: homeserver\\n not reachable", text);
  }

  @Test
  void saysWhyAPodIsNotScheduled() {
    Pod pending = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase("Pending")
        .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
          .withMessage("0/1 nodes are available: 1 Insufficient cpu.").endCondition()
        .endStatus().build();
    assertEquals("pod p is Pending: not scheduled: Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.",
        PodDiagnosis.describe(List.of(pending)));
  }

  @Test
  void longMessagesAreCutAndNoPodIsSaid() {
    assertTrue(PodDiagnosis.text("x".repeat(1000)).endsWith("..."));
    assertEquals("no pod of it exists", PodDiagnosis.describe(List.of()));
  }
}
