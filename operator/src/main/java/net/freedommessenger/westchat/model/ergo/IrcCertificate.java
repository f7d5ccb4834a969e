package net.freedommessenger.westchat.model.ergo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.prosody.IssuedCertificate;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;
import net.freedommessenger.westchat.model.tls.CertificateSource;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;
import net.freedommessenger.westchat.model.workload.ComponentObjects;

/**
 * The certificate of irc.&lt;domain&gt; for IRC over TLS: issued by cert-manager when the spec
 * names an issuer, else read from the user's Secret in spec.irc.tls, else the operator's own
 * {@link SelfSignedCertificate}, which clients warn about.
 */
public final class IrcCertificate {

  private IrcCertificate() {}

  public static CertificateSource source(WestchatCommunitySpec spec) {
    if (spec.expose.tls != null && spec.expose.tls.issuerRef != null) {
      return CertificateSource.ISSUER;
    }
    if (spec.irc.tls != null && spec.irc.tls.secretName != null && !spec.irc.tls.secretName.isBlank()) {
      return CertificateSource.SECRET;
    }
    return CertificateSource.SELF_SIGNED;
  }

  /** The name of the cert-manager Certificate. */
  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-irc";
  }

  /** The kubernetes.io/tls Secret Ergo mounts. */
  public static String secretName(WestchatCommunity community) {
    return switch (source(community.getSpec())) {
      case ISSUER -> community.getMetadata().getName() + "-irc-tls";
      case SECRET -> community.getSpec().irc.tls.secretName;
      case SELF_SIGNED -> SelfSignedCertificate.name(community);
    };
  }

  /**
   * A cert-manager Certificate for irc.&lt;domain&gt;. The issued Secret carries the community's
   * labels, so the operator sees a renewal and restarts Ergo, which reads its certificate at start.
   */
  public static IssuedCertificate certificate(WestchatCommunity community) {
    var issuer = community.getSpec().expose.tls.issuerRef;
    Map<String, Object> issuerRef = new LinkedHashMap<>();
    issuerRef.put("group", XmppCertificate.GROUP);
    issuerRef.put("kind", issuer.kind);
    issuerRef.put("name", issuer.name);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("secretName", secretName(community));
    spec.put("dnsNames", List.of(new CommunityHosts(community.getSpec().domain).ircHost()));
    spec.put("issuerRef", issuerRef);
    spec.put("secretTemplate", Map.of("labels", CommunityLabels.of(community, ErgoObjects.COMPONENT)));
    IssuedCertificate certificate = new IssuedCertificate();
    certificate.setApiVersion(XmppCertificate.GROUP + "/" + XmppCertificate.VERSION);
    certificate.setKind(XmppCertificate.KIND);
    certificate.setMetadata(ComponentObjects.metadata(community, ErgoObjects.COMPONENT, name(community)));
    certificate.setAdditionalProperty("spec", spec);
    return certificate;
  }
}
