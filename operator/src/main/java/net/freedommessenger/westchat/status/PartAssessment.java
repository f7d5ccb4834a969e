package net.freedommessenger.westchat.status;

import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;

/**
 * What can be said about each part from the spec alone: disabled parts, and settings that can
 * only be checked at run time. Parts the operator deploys report their own state on top.
 */
public final class PartAssessment {

  private PartAssessment() {}

  /** Every part but Matrix and IRC, which {@link MatrixAssessment} and {@link IrcAssessment} judge from the cluster. */
  public static List<PartState> fromSpec(WestchatCommunitySpec spec) {
    List<PartState> states = new ArrayList<>();
    states.add(network(Part.XMPP, spec.xmpp.enabled, "spec.xmpp.enabled", "Prosody"));
    states.add(bridges(spec));
    states.add(spec.rooms.isEmpty()
        ? PartState.ready(Part.ROOMS, "NoRooms", "spec.rooms lists no rooms; users can still open their own.")
        : notYetDeployed(Part.ROOMS, "the shared rooms"));
    return states;
  }

  private static PartState network(Part part, boolean enabled, String field, String server) {
    return enabled ? notYetDeployed(part, server) : PartState.ready(part, "Disabled", field + " is false.");
  }

  private static PartState bridges(WestchatCommunitySpec spec) {
    boolean matrixIrc = spec.bridges.matrixIrc.enabled;
    boolean xmppIrc = spec.bridges.xmppIrc.enabled;
    if (xmppIrc && blank(spec.images.biboumi)) {
      return PartState.failing(Part.BRIDGES, "BiboumiImageMissing",
          "spec.bridges.xmppIrc is enabled but spec.images.biboumi is empty. Biboumi has no official image: build one "
              + "as docs/biboumi-image.md describes and name it in spec.images.biboumi, or set spec.bridges.xmppIrc.enabled "
              + "to false.");
    }
    if (!matrixIrc && !xmppIrc) {
      return PartState.ready(Part.BRIDGES, "Disabled", "spec.bridges.matrixIrc and spec.bridges.xmppIrc are disabled.");
    }
    return notYetDeployed(Part.BRIDGES, "the bridges");
  }

  private static PartState notYetDeployed(Part part, String what) {
    return PartState.pending(part, "NotYetDeployed",
        "This version of the operator keeps the community's accounts and secrets but does not deploy " + what + " yet.");
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
