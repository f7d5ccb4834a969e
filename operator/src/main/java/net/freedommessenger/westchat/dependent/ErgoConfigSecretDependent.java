package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;

/**
 * Ergo's config, made from the spec and the account Secrets (for the opers' password hashes).
 * It is derived, not kept: switching IRC off deletes it, and a new one gets new hashes.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class ErgoConfigSecretDependent extends CRUDKubernetesDependentResource<Secret, WestchatCommunity> {

  private final SecretGenerator generator = new RandomSecretGenerator();

  public ErgoConfigSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return ErgoObjects.configSecret(community, ErgoObjects.configFiles(community, CommunitySecrets.of(context), generator));
  }

  /** By name: deleting it when its part is off must not compute what it would hold. */
  @Override
  protected ResourceID targetSecondaryResourceID(WestchatCommunity community, Context<WestchatCommunity> context) {
    return new ResourceID(ErgoObjects.name(community), community.getMetadata().getNamespace());
  }
}
