package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.healing.DriftRepair;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class HeisenbridgeServiceDependent extends CRUDKubernetesDependentResource<Service, WestchatCommunity> {

  public HeisenbridgeServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return HeisenbridgeObjects.service(community);
  }

  @Override
  public Service create(Service desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.recreating(community, desired, context.getClient());
    return super.create(desired, community, context);
  }

  @Override
  public Service update(Service actual, Service desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.restoring(community, desired, context.getClient());
    return super.update(actual, desired, community, context);
  }
}
