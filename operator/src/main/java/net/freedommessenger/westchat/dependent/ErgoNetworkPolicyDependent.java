package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;
import net.freedommessenger.westchat.model.networkpolicy.OperatorPods;

/** Ergo's TLS port, open to everyone; its plain port for the operator, Biboumi and the Matrix-IRC bridge. */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER + ","
    + CommunityLabels.COMPONENT + "=" + ErgoObjects.COMPONENT))
public class ErgoNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, WestchatCommunity> {

  public ErgoNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return CommunityNetworkPolicies.ergo(community, OperatorPods.fromEnvironment(System.getenv()));
  }
}
