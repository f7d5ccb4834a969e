package net.freedommessenger.westchat.status;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;

/** The XMPP condition, from the spec's certificate source and what the cluster shows of Prosody. */
public final class XmppAssessment {

  private XmppAssessment() {}

  public static PartState assess(WestchatCommunity community, Optional<StatefulSet> prosody) {
    WestchatCommunitySpec spec = community.getSpec();
    if (!spec.xmpp.enabled) {
      return PartState.ready(Part.XMPP, "Disabled", "spec.xmpp.enabled is false.");
    }
    if (XmppCertificate.secretName(community).isEmpty()) {
      return PartState.failing(Part.XMPP, "CertificateMissing",
          "Prosody needs a TLS certificate for " + String.join(", ", XmppCertificate.dnsNames(spec))
              + " and waits until it has one: name a cert-manager issuer in spec.expose.tls.issuerRef, or a "
              + "kubernetes.io/tls Secret holding such a certificate in spec.xmpp.tls.secretName.");
    }
    if (prosody.isEmpty()) {
      return PartState.pending(Part.XMPP, "ProsodyCreating", "The Prosody StatefulSet has not been created yet.");
    }
    String name = prosody.get().getMetadata().getName();
    int ready = prosody.get().getStatus() == null || prosody.get().getStatus().getReadyReplicas() == null
        ? 0 : prosody.get().getStatus().getReadyReplicas();
    if (ready < 1) {
      String certificate = XmppCertificate.fromIssuer(spec)
          ? "the Secret " + XmppCertificate.issuedSecretName(community) + ", which cert-manager fills once it has issued "
              + "the certificate (`kubectl describe certificate " + XmppCertificate.name(community) + "`)"
          : "the Secret " + XmppCertificate.secretName(community).orElseThrow() + " named in spec.xmpp.tls.secretName";
      return PartState.failing(Part.XMPP, "ProsodyNotAnswering",
          "Prosody does not accept client connections yet. Its pod starts once " + certificate
              + " exists; then the init container creates the admin accounts and Prosody starts. If this lasts, see "
              + "`kubectl describe statefulset " + name + "`, `kubectl logs statefulset/" + name + " -c accounts` and "
              + "`kubectl logs statefulset/" + name + " -c prosody`.");
    }
    return PartState.ready(Part.XMPP, "Running", "Prosody accepts clients for " + spec.domain + ".");
  }
}
