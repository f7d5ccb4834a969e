package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;

/** Synapse's port, open to everyone. */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER + ","
    + CommunityLabels.COMPONENT + "=" + SynapseObjects.COMPONENT))
public class SynapseNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, WestchatCommunity> {

  public SynapseNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return CommunityNetworkPolicies.synapse(community);
  }
}
