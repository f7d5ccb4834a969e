package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class SynapseServiceDependent extends CRUDKubernetesDependentResource<Service, WestchatCommunity> {

  public SynapseServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return SynapseObjects.service(community);
  }
}
