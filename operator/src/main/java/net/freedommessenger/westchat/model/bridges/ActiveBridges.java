package net.freedommessenger.westchat.model.bridges;

import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.BridgeImplementation;

/** Which bridges a spec asks for. The CRD already refuses a bridge whose networks are off. */
public final class ActiveBridges {

  private ActiveBridges() {}

  public static boolean appserviceIrc(WestchatCommunitySpec spec) {
    return spec.bridges.matrixIrc.enabled && spec.bridges.matrixIrc.implementation == BridgeImplementation.APPSERVICE_IRC;
  }
}
