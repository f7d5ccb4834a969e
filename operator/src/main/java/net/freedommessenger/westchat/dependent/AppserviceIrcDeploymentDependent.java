package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcMappings;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.bridges.BridgeWorkload;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class AppserviceIrcDeploymentDependent extends BridgeDeploymentDependent {

  @Override
  Deployment deployment(WestchatCommunity community) {
    return AppserviceIrcObjects.deployment(community, configFiles(community));
  }

  @Override
  BridgeWorkload workload(WestchatCommunity community) {
    return AppserviceIrcObjects.workload(community);
  }

  /** The rooms are mapped by the Matrix room IDs the status records, once the operator has made the rooms. */
  static Map<String, String> configFiles(WestchatCommunity community) {
    return AppserviceIrcObjects.configFiles(community, AppserviceIrcObjects.siteInCluster(community),
        AppserviceIrcMappings.of(community));
  }
}
