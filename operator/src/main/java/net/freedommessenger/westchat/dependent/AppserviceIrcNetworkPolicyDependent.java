package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;
import net.freedommessenger.westchat.model.networkpolicy.OperatorPods;

/** matrix-appservice-irc's appservice port: Synapse, and the operator for /health. */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER + ","
    + CommunityLabels.COMPONENT + "=" + AppserviceIrcObjects.COMPONENT))
public class AppserviceIrcNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, WestchatCommunity> {

  public AppserviceIrcNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return CommunityNetworkPolicies.appserviceIrc(community, OperatorPods.fromEnvironment(System.getenv()));
  }
}
