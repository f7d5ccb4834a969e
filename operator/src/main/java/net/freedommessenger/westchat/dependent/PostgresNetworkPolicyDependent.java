package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;

/** Who may connect to the PostgreSQL the operator runs: Synapse, and matrix-appservice-irc when it runs. */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER + ","
    + CommunityLabels.COMPONENT + "=" + ManagedPostgres.COMPONENT))
public class PostgresNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, WestchatCommunity> {

  public PostgresNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return CommunityNetworkPolicies.postgres(community);
  }
}
