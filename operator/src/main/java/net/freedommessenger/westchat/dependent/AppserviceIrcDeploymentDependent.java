package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.healing.DriftRepair;
import net.freedommessenger.westchat.healing.RegistrationRollout;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class AppserviceIrcDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, WestchatCommunity> {

  public AppserviceIrcDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return RegistrationRollout.annotateBridge(AppserviceIrcObjects.deployment(community, configFiles(community)), community,
        AppserviceIrcObjects.workload(community), context);
  }

  @Override
  public Deployment create(Deployment desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.recreating(community, desired, context.getClient());
    return super.create(desired, community, context);
  }

  @Override
  public Deployment update(Deployment actual, Deployment desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    if (RegistrationRollout.changesRegistration(actual, desired)) {
      RegistrationRollout.recordRoll(actual, desired, community, "matrix-appservice-irc restarts with its changed "
          + "registration, now that Synapse runs with it", context);
    } else if (!RegistrationRollout.addsFirstRegistration(actual, desired)) {
      DriftRepair.restoring(community, desired, context.getClient());
    }
    return super.update(actual, desired, community, context);
  }

  /** Rooms are mapped once the operator has created them on Matrix (a later step); until then none. */
  static Map<String, String> configFiles(WestchatCommunity community) {
    return AppserviceIrcObjects.configFiles(community, AppserviceIrcObjects.siteInCluster(community), Map.of());
  }
}
