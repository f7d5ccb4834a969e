package net.freedommessenger.westchat.matrix;

import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.synapse.HomeserverSite;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;

/** Where the operator reaches a community's Synapse: its Service inside the cluster, elsewhere in tests. */
@FunctionalInterface
public interface SynapseLocator {

  SynapseLocator IN_CLUSTER = community -> "http://" + SynapseObjects.name(community) + "."
      + community.getMetadata().getNamespace() + ".svc:" + HomeserverSite.PORT;

  String baseUrl(WestchatCommunity community);
}
