package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class HeisenbridgeServiceDependent extends RepairedDependent<Service> {

  public HeisenbridgeServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return HeisenbridgeObjects.service(community);
  }
}
