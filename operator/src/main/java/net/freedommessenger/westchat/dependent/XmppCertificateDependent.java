package net.freedommessenger.westchat.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.prosody.IssuedCertificate;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;

/**
 * cert-manager's Certificate for Prosody. It is activated only while the spec names an issuer, so
 * the operator watches Certificates only then and runs in clusters without cert-manager. A
 * Certificate made before the issuer was taken out of the spec is left alone (the workflow does not
 * delete what it no longer watches); it goes with the community.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class XmppCertificateDependent extends CRUDKubernetesDependentResource<IssuedCertificate, WestchatCommunity> {

  public XmppCertificateDependent() {
    super(IssuedCertificate.class);
  }

  @Override
  protected IssuedCertificate desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return XmppCertificate.certificate(community);
  }
}
