package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class AppserviceIrcSecretDependent extends BridgeSecretDependent {

  @Override
  protected Secret desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return AppserviceIrcObjects.secret(community, AppserviceIrcObjects.siteInCluster(community), existing, generator);
  }
}
