package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.synapse.MatrixIngress;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class MatrixIngressDependent extends CRUDKubernetesDependentResource<Ingress, WestchatCommunity> {

  public MatrixIngressDependent() {
    super(Ingress.class);
  }

  @Override
  protected Ingress desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return MatrixIngress.ingress(community);
  }
}
