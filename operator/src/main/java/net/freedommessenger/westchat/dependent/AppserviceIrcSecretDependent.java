package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.healing.DriftRepair;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class AppserviceIrcSecretDependent extends KeptSecretDependent {

  @Override
  protected Secret desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return AppserviceIrcObjects.secret(community, AppserviceIrcObjects.siteInCluster(community), existing, generator);
  }

  @Override
  public Secret create(Secret desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.recreating(community, desired, context.getClient());
    return super.create(desired, community, context);
  }

  /** A token rotated by hand is kept; the registration is rewritten from the tokens (Synapse and the bridge then roll). */
  @Override
  public Secret update(Secret actual, Secret desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.restoring(community, desired, context.getClient(), "did not hold what its tokens make (a registration file "
        + "edited by hand, a rotated token or a removed key); the operator wrote it again, keeping the tokens it holds");
    return super.update(actual, desired, community, context);
  }
}
