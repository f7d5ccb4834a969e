package net.freedommessenger.westchat.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.BridgeImplementation;
import org.junit.jupiter.api.Test;

class PartAssessmentTest {

  static PartState state(WestchatCommunitySpec spec, Part part) {
    return PartAssessment.fromSpec(spec).stream().filter(s -> s.part() == part).findFirst().orElseThrow();
  }

  @Test
  void theXmppIrcBridgeNeedsNoImageNamedInTheSpec() {
    WestchatCommunitySpec spec = new WestchatCommunitySpec();
    spec.domain = "a.example.org";
    spec.bridges.matrixIrc.enabled = false;
    PartState bridges = state(spec, Part.BRIDGES);
    assertEquals("True", bridges.status());
    assertEquals("Running", bridges.reason());
    assertTrue(bridges.message().contains("Biboumi"), bridges.message());
  }

  static WestchatCommunitySpec withBridge(BridgeImplementation implementation) {
    WestchatCommunitySpec spec = new WestchatCommunitySpec();
    spec.domain = "a.example.org";
    spec.bridges.matrixIrc.implementation = implementation;
    return spec;
  }

  static Deployment available(int replicas) {
    return new DeploymentBuilder().withNewStatus().withAvailableReplicas(replicas).endStatus().build();
  }

  static PartState bridges(WestchatCommunitySpec spec, Optional<Deployment> matrixIrc) {
    return PartAssessment.fromSpec(spec, matrixIrc).stream().filter(s -> s.part() == Part.BRIDGES).findFirst().orElseThrow();
  }

  @Test
  void heisenbridgeIsAwaitedUntilItsDeploymentIsAvailable() {
    WestchatCommunitySpec spec = withBridge(BridgeImplementation.HEISENBRIDGE);
    PartState starting = bridges(spec, Optional.of(available(0)));
    assertEquals("MatrixIrcBridgeStarting", starting.reason());
    assertTrue(starting.message().contains("Heisenbridge"), starting.message());
    PartState running = bridges(spec, Optional.of(available(1)));
    assertEquals("True", running.status());
    assertEquals("Running", running.reason());
  }

  @Test
  void bothBridgesAreRunningOnceTheMatrixIrcBridgeIsAvailable() {
    WestchatCommunitySpec spec = withBridge(BridgeImplementation.APPSERVICE_IRC);
    assertEquals("MatrixIrcBridgeStarting", bridges(spec, Optional.empty()).reason());
    PartState bridges = bridges(spec, Optional.of(available(1)));
    assertEquals("True", bridges.status());
    assertTrue(bridges.message().contains("Biboumi runs next to Prosody"), bridges.message());
  }
}
