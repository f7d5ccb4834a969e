package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class AppserviceIrcDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, WestchatCommunity> {

  public AppserviceIrcDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return AppserviceIrcObjects.deployment(community, configFiles(community));
  }

  /** Rooms are mapped once the operator has created them on Matrix (a later step); until then none. */
  static Map<String, String> configFiles(WestchatCommunity community) {
    return AppserviceIrcObjects.configFiles(community, AppserviceIrcObjects.siteInCluster(community), Map.of());
  }
}
