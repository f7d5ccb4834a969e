package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class AppserviceIrcConfigMapDependent extends RepairedDependent<ConfigMap> {

  public AppserviceIrcConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return AppserviceIrcObjects.configMap(community, AppserviceIrcDeploymentDependent.configFiles(community));
  }
}
