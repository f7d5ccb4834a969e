package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;

/** Prosody's chat and file-sharing ports, open to everyone; its component port closed to other pods. */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER + ","
    + CommunityLabels.COMPONENT + "=" + ProsodyObjects.COMPONENT))
public class ProsodyNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, WestchatCommunity> {

  public ProsodyNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return CommunityNetworkPolicies.prosody(community);
  }
}
