package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.healing.DriftRepair;
import net.freedommessenger.westchat.healing.RegistrationRollout;
import net.freedommessenger.westchat.model.bridges.BridgeWorkload;

/**
 * A Matrix bridge's Deployment: its registration digest on the pod template (rolled only once
 * Synapse runs with a changed registration), and an Event when a hand edit or deletion is repaired.
 * Each bridge says which Deployment it wants and how self-healing sees it.
 */
abstract class BridgeDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, WestchatCommunity> {

  BridgeDeploymentDependent() {
    super(Deployment.class);
  }

  /** The Deployment as the model describes it, before the registration digest. */
  abstract Deployment deployment(WestchatCommunity community);

  abstract BridgeWorkload workload(WestchatCommunity community);

  @Override
  protected Deployment desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return RegistrationRollout.annotateBridge(deployment(community), community, workload(community), context);
  }

  @Override
  public Deployment create(Deployment desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.recreating(community, desired, context.getClient());
    return super.create(desired, community, context);
  }

  @Override
  public Deployment update(Deployment actual, Deployment desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    if (RegistrationRollout.changesRegistration(actual, desired)) {
      RegistrationRollout.recordRoll(actual, desired, community, workload(community).displayName()
          + " restarts with its changed registration, now that Synapse runs with it", context);
    } else if (!RegistrationRollout.addsFirstRegistration(actual, desired)) {
      DriftRepair.restoring(community, desired, context.getClient());
    }
    return super.update(actual, desired, community, context);
  }
}
