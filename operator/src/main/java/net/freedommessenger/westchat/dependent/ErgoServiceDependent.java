package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;

/** Plain IRC inside the cluster, for the bridges. */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class ErgoServiceDependent extends CRUDKubernetesDependentResource<Service, WestchatCommunity> {

  public ErgoServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return ErgoObjects.plainService(community);
  }

  /** By name: deleting it when its part is off must not compute what it would hold. */
  @Override
  protected ResourceID targetSecondaryResourceID(WestchatCommunity community, Context<WestchatCommunity> context) {
    return new ResourceID(ErgoObjects.name(community), community.getMetadata().getNamespace());
  }
}
