package net.freedommessenger.westchat.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.prosody.IssuedCertificate;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;

/**
 * cert-manager's Certificate for Prosody, made while the spec names an issuer and deleted when it
 * no longer does. It is activated only where cert-manager is installed, so the operator runs in
 * clusters without it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class XmppCertificateDependent extends CRUDKubernetesDependentResource<IssuedCertificate, WestchatCommunity> {

  public XmppCertificateDependent() {
    super(IssuedCertificate.class);
  }

  /** By name, without building the desired Certificate: when it is to be deleted, the spec names no issuer. */
  @Override
  protected ResourceID targetSecondaryResourceID(WestchatCommunity community, Context<WestchatCommunity> context) {
    return new ResourceID(XmppCertificate.name(community), community.getMetadata().getNamespace());
  }

  @Override
  protected IssuedCertificate desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return XmppCertificate.certificate(community);
  }
}
