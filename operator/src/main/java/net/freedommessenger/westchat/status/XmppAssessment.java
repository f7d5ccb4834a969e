package net.freedommessenger.westchat.status;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;
import net.freedommessenger.westchat.model.tls.CertificateSource;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;

/** The XMPP condition, from where Prosody's certificate comes from and what the cluster shows of Prosody. */
public final class XmppAssessment {

  private XmppAssessment() {}

  /**
   * @param certManagerServes whether the cluster has cert-manager to serve an issuer the spec names
   * @param prosody the Prosody StatefulSet, as the cluster shows it
   */
  public static PartState assess(WestchatCommunity community, boolean certManagerServes, Optional<StatefulSet> prosody) {
    WestchatCommunitySpec spec = community.getSpec();
    if (!spec.xmpp.enabled) {
      return PartState.ready(Part.XMPP, "Disabled", "spec.xmpp.enabled is false.");
    }
    if (XmppCertificate.fromIssuer(spec) && !certManagerServes) {
      return PartState.failing(Part.XMPP, "CertManagerMissing",
          "spec.expose.tls.issuerRef names the issuer " + spec.expose.tls.issuerRef.name + ", but cert-manager is not "
              + "installed in this cluster (the API server serves no certificates.cert-manager.io), so nobody issues "
              + "Prosody's certificate. Install cert-manager, or remove spec.expose.tls.issuerRef and name a "
              + "kubernetes.io/tls Secret in spec.xmpp.tls.secretName. The operator looks again every minute.");
    }
    if (prosody.isEmpty()) {
      return PartState.pending(Part.XMPP, "ProsodyCreating", "The Prosody StatefulSet has not been created yet.");
    }
    String name = prosody.get().getMetadata().getName();
    int ready = prosody.get().getStatus() == null || prosody.get().getStatus().getReadyReplicas() == null
        ? 0 : prosody.get().getStatus().getReadyReplicas();
    if (ready < 1) {
      String certificate = switch (XmppCertificate.source(spec)) {
        case ISSUER -> "the Secret " + XmppCertificate.issuedSecretName(community) + ", which cert-manager fills once it "
            + "has issued the certificate (`kubectl describe certificate " + XmppCertificate.name(community) + "`)";
        case SECRET -> "the Secret " + XmppCertificate.secretName(community) + " named in spec.xmpp.tls.secretName";
        case SELF_SIGNED -> "the Secret " + XmppCertificate.secretName(community) + ", the self-signed certificate the "
            + "operator makes as no issuer or Secret is named";
      };
      return PartState.failing(Part.XMPP, "ProsodyNotAnswering",
          "Prosody does not accept client connections yet. Its pod starts once " + certificate
              + " exists; then the init container creates the admin accounts and Prosody starts. If this lasts, see "
              + "`kubectl describe statefulset " + name + "`, `kubectl logs statefulset/" + name + " -c accounts` and "
              + "`kubectl logs statefulset/" + name + " -c prosody`.");
    }
    if (XmppCertificate.source(spec) == CertificateSource.SELF_SIGNED) {
      return PartState.ready(Part.XMPP, SelfSignedCertificate.REASON, "Prosody accepts clients for " + spec.domain
          + " with a self-signed certificate the operator made (Secret " + XmppCertificate.secretName(community) + "). "
          + "Clients warn about it, and XMPP servers that require valid certificates do not federate, until "
          + "spec.expose.tls.issuerRef names a cert-manager issuer, or spec.xmpp.tls.secretName a kubernetes.io/tls "
          + "Secret for " + String.join(", ", XmppCertificate.dnsNames(spec)) + ".");
    }
    return PartState.ready(Part.XMPP, "Running", "Prosody accepts clients for " + spec.domain + ".");
  }
}
