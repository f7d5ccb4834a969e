package net.freedommessenger.westchat.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;

/**
 * What can be said about each part from the spec alone: disabled parts, and settings that can
 * only be checked at run time. Parts the operator deploys report their own state on top.
 */
public final class PartAssessment {

  private PartAssessment() {}

  /**
   * Every part but Matrix, XMPP and IRC, which {@link MatrixAssessment}, {@link XmppAssessment} and
   * {@link IrcAssessment} judge from the cluster, and the rooms, which {@link RoomsAssessment} judges
   * from what the operator saw on each network.
   */
  public static List<PartState> fromSpec(WestchatCommunitySpec spec) {
    return fromSpec(spec, Optional.empty());
  }

  /** @param matrixIrc the active Matrix-IRC bridge's Deployment as the cluster shows it, when it exists */
  public static List<PartState> fromSpec(WestchatCommunitySpec spec, Optional<Deployment> matrixIrc) {
    List<PartState> states = new ArrayList<>();
    states.add(bridges(spec, matrixIrc));
    return states;
  }

  private static PartState bridges(WestchatCommunitySpec spec, Optional<Deployment> matrixIrcBridge) {
    boolean matrixIrc = spec.bridges.matrixIrc.enabled;
    boolean xmppIrc = spec.bridges.xmppIrc.enabled;
    if (!matrixIrc && !xmppIrc) {
      return PartState.ready(Part.BRIDGES, "Disabled", "spec.bridges.matrixIrc and spec.bridges.xmppIrc are disabled.");
    }
    if (matrixIrc && !available(matrixIrcBridge)) {
      String bridge = ActiveBridges.heisenbridge(spec) ? "Heisenbridge" : "matrix-appservice-irc";
      return PartState.pending(Part.BRIDGES, "MatrixIrcBridgeStarting",
          bridge + " is not ready yet; it starts once Synapse and the IRC server answer.");
    }
    // Biboumi runs in Prosody's pod, whose readiness the Xmpp condition reports
    return PartState.ready(Part.BRIDGES, "Running", matrixIrc && xmppIrc ? "The Matrix-IRC bridge is ready; Biboumi runs next to Prosody."
        : matrixIrc ? "The Matrix-IRC bridge is ready." : "Biboumi runs next to Prosody.");
  }

  private static boolean available(Optional<Deployment> deployment) {
    return deployment.map(d -> d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
        && d.getStatus().getAvailableReplicas() > 0).orElse(false);
  }
}
