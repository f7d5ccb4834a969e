package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;

/**
 * IRC over TLS, the address people connect to. Ergo always has a certificate for it: the issuer's,
 * the user's, or the operator's self-signed one.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class IrcServiceDependent extends CRUDKubernetesDependentResource<Service, WestchatCommunity> {

  public IrcServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return ErgoObjects.tlsService(community);
  }

  /** By name: deleting it when its part is off must not compute what it would hold. */
  @Override
  protected ResourceID targetSecondaryResourceID(WestchatCommunity community, Context<WestchatCommunity> context) {
    return new ResourceID(ErgoObjects.tlsServiceName(community), community.getMetadata().getNamespace());
  }
}
