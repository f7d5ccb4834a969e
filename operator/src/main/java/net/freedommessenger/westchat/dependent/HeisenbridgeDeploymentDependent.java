package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.BridgeWorkload;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class HeisenbridgeDeploymentDependent extends BridgeDeploymentDependent {

  @Override
  Deployment deployment(WestchatCommunity community) {
    return HeisenbridgeObjects.deployment(community);
  }

  @Override
  BridgeWorkload workload(WestchatCommunity community) {
    return HeisenbridgeObjects.workload(community);
  }
}
