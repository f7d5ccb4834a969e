package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;

/** Heisenbridge's tokens and registration; kept when the community switches to the other Matrix-IRC bridge. */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class HeisenbridgeSecretDependent extends BridgeSecretDependent {

  @Override
  protected Secret desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return HeisenbridgeObjects.secret(community, HeisenbridgeObjects.bridgeUrlInCluster(community), existing, generator);
  }
}
