package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class MatrixDelegationDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, WestchatCommunity> {

  public MatrixDelegationDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return MatrixDelegation.deployment(community);
  }
}
