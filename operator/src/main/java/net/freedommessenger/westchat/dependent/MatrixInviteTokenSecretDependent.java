package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.synapse.MatrixInviteToken;

/** The Matrix invitation token's Secret; kept, like every generated Secret, when the mode changes. */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class MatrixInviteTokenSecretDependent extends KeptSecretDependent {

  @Override
  protected Secret desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return MatrixInviteToken.secret(community, existing, generator);
  }
}
