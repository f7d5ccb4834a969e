package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;

/**
 * Ergo's StatefulSet. Its config hash is taken from the config Secret as stored (the workflow
 * applies that Secret first), so the pod rolls exactly when the files Ergo reads change.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class ErgoStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, WestchatCommunity> {

  public ErgoStatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    Map<String, String> config = ErgoObjects.files(CommunitySecrets.named(context, ErgoObjects.name(community))
        .map(Secret::getData).orElse(Map.of()));
    // the issued certificate's Secret and the self-signed one carry the community's labels, so an
    // informer sees them; a Secret the user made is not watched, and Ergo picks up its renewal at the next restart
    Optional<Map<String, String>> certificate = CommunitySecrets.named(context, IrcCertificate.secretName(community))
        .map(Secret::getData);
    return ErgoObjects.statefulSet(community, config, certificate);
  }

  /** By name: deleting it when its part is off must not compute what it would hold. */
  @Override
  protected ResourceID targetSecondaryResourceID(WestchatCommunity community, Context<WestchatCommunity> context) {
    return new ResourceID(ErgoObjects.name(community), community.getMetadata().getNamespace());
  }
}
