package net.freedommessenger.westchat.dependent;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;
import net.freedommessenger.westchat.model.prosody.IssuedCertificate;

/**
 * The cert-manager Certificate of irc.&lt;domain&gt;. The workflow activates it only where
 * cert-manager is installed ({@link Conditions.CertManagerInstalled}); the typed
 * {@link IssuedCertificate} is the XMPP part's, shared.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CommunityLabels.MANAGED_BY + "=" + CommunityLabels.MANAGER))
public class IrcCertificateDependent extends CRUDKubernetesDependentResource<IssuedCertificate, WestchatCommunity> {

  public IrcCertificateDependent() {
    super(IssuedCertificate.class);
  }

  @Override
  protected IssuedCertificate desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    return IrcCertificate.certificate(community);
  }

  /** By name: deleting it when its part is off must not compute what it would hold. */
  @Override
  protected ResourceID targetSecondaryResourceID(WestchatCommunity community, Context<WestchatCommunity> context) {
    return new ResourceID(IrcCertificate.name(community), community.getMetadata().getNamespace());
  }
}
