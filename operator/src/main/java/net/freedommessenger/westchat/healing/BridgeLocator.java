package net.freedommessenger.westchat.healing;

import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.bridges.BridgeWorkload;

/** Where the operator reaches a bridge's health endpoint: its Service inside the cluster, elsewhere in tests. */
@FunctionalInterface
public interface BridgeLocator {

  BridgeLocator IN_CLUSTER = (community, bridge) -> "http://" + bridge.deploymentName() + "."
      + community.getMetadata().getNamespace() + ".svc:" + bridge.healthPort() + bridge.healthPath();

  String healthUrl(WestchatCommunity community, BridgeWorkload bridge);
}
