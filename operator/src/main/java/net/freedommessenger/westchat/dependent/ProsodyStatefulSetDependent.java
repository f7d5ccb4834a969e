package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;

@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class ProsodyStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, WestchatCommunity> {

  public ProsodyStatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    Optional<Map<String, String>> certificate = CommunitySecrets.named(context, XmppCertificate.secretName(community))
        .map(Secret::getData);
    return ProsodyObjects.statefulSet(community, ProsodyObjects.configFiles(community), certificate);
  }
}
