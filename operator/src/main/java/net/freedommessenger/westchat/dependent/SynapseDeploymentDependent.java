package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.healing.RegistrationRollout;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class SynapseDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, WestchatCommunity> {

  public SynapseDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return RegistrationRollout.annotateSynapse(SynapseObjects.deployment(community, SynapseObjects.configFiles(community)),
        community, context);
  }

  @Override
  public Deployment update(Deployment actual, Deployment desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    RegistrationRollout.recordRoll(actual, desired, community, "Synapse restarts to load a changed bridge registration "
        + "(a rotated token or a repaired Secret); the bridge follows once Synapse runs with it", context);
    return super.update(actual, desired, community, context);
  }
}
