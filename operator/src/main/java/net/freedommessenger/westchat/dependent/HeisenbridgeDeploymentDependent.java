package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.healing.DriftRepair;
import net.freedommessenger.westchat.healing.RegistrationRollout;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class HeisenbridgeDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, WestchatCommunity> {

  public HeisenbridgeDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return RegistrationRollout.annotateBridge(HeisenbridgeObjects.deployment(community), community,
        HeisenbridgeObjects.workload(community), context);
  }

  @Override
  public Deployment create(Deployment desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.recreating(community, desired, context.getClient());
    return super.create(desired, community, context);
  }

  @Override
  public Deployment update(Deployment actual, Deployment desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    if (RegistrationRollout.changesRegistration(actual, desired)) {
      RegistrationRollout.recordRoll(actual, desired, community, "Heisenbridge restarts with its changed registration, now "
          + "that Synapse runs with it", context);
    } else if (!RegistrationRollout.addsFirstRegistration(actual, desired)) {
      DriftRepair.restoring(community, desired, context.getClient());
    }
    return super.update(actual, desired, community, context);
  }
}
