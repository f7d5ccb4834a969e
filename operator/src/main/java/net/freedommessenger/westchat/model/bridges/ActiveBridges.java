package net.freedommessenger.westchat.model.bridges;

import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.BridgeImplementation;

/** Which bridges a spec asks for. The CRD already refuses a bridge whose networks are off. */
public final class ActiveBridges {

  private ActiveBridges() {}

  public static boolean appserviceIrc(WestchatCommunitySpec spec) {
    return spec.bridges.matrixIrc.enabled && spec.bridges.matrixIrc.implementation == BridgeImplementation.APPSERVICE_IRC;
  }

  /** Heisenbridge bridges Matrix and IRC; never at the same time as matrix-appservice-irc. */
  public static boolean heisenbridge(WestchatCommunitySpec spec) {
    return spec.bridges.matrixIrc.enabled && spec.bridges.matrixIrc.implementation == BridgeImplementation.HEISENBRIDGE;
  }

  /** Biboumi runs next to Prosody: the XMPP-IRC bridge is on, and so are both networks. */
  public static boolean biboumi(WestchatCommunitySpec spec) {
    return spec.bridges.xmppIrc.enabled && spec.xmpp.enabled && spec.irc.enabled;
  }

  /** The Matrix bridges that run, each with a registration Synapse loads; self-healing watches these. */
  public static List<BridgeWorkload> matrixBridges(WestchatCommunity community) {
    List<BridgeWorkload> bridges = new ArrayList<>();
    if (appserviceIrc(community.getSpec())) {
      bridges.add(AppserviceIrcObjects.workload(community));
    }
    if (heisenbridge(community.getSpec())) {
      bridges.add(HeisenbridgeObjects.workload(community));
    }
    return bridges;
  }
}
