package net.freedommessenger.westchat.model.prosody;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.IssuerRef;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.tls.CertificateSource;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;

/**
 * The certificate Prosody presents to clients and other servers, for &lt;domain&gt;,
 * conference.&lt;domain&gt;, upload.&lt;domain&gt; and, with the XMPP-IRC bridge, irc.&lt;domain&gt;.
 * With spec.expose.tls.issuerRef, cert-manager issues it from a Certificate the operator makes;
 * otherwise it is the kubernetes.io/tls Secret named in spec.xmpp.tls.secretName, and without
 * that the operator's own {@link SelfSignedCertificate}, which clients warn about.
 */
public final class XmppCertificate {

  public static final String GROUP = "cert-manager.io";
  public static final String VERSION = "v1";
  public static final String KIND = "Certificate";

  private XmppCertificate() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-xmpp";
  }

  /** The Secret cert-manager writes the issued certificate to. */
  public static String issuedSecretName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-xmpp-tls";
  }

  public static boolean fromIssuer(WestchatCommunitySpec spec) {
    return issuer(spec) != null;
  }

  public static CertificateSource source(WestchatCommunitySpec spec) {
    if (fromIssuer(spec)) {
      return CertificateSource.ISSUER;
    }
    if (spec.xmpp.tls != null && spec.xmpp.tls.secretName != null && !spec.xmpp.tls.secretName.isBlank()) {
      return CertificateSource.SECRET;
    }
    return CertificateSource.SELF_SIGNED;
  }

  /** The kubernetes.io/tls Secret the Prosody pod mounts. */
  public static String secretName(WestchatCommunity community) {
    return switch (source(community.getSpec())) {
      case ISSUER -> issuedSecretName(community);
      case SECRET -> community.getSpec().xmpp.tls.secretName;
      case SELF_SIGNED -> SelfSignedCertificate.name(community);
    };
  }

  public static List<String> dnsNames(WestchatCommunitySpec spec) {
    CommunityHosts hosts = new CommunityHosts(spec.domain);
    List<String> names = new ArrayList<>(List.of(spec.domain, hosts.conferenceHost(), hosts.uploadHost()));
    if (ProsodyConfig.ircGateway(spec)) {
      names.add(hosts.ircHost());
    }
    return names;
  }

  /** cert-manager's Certificate for Prosody's names, from the issuer in spec.expose.tls.issuerRef. */
  public static IssuedCertificate certificate(WestchatCommunity community) {
    IssuerRef issuer = issuer(community.getSpec());
    if (issuer == null) {
      throw new IllegalStateException("no issuer in spec.expose.tls.issuerRef");
    }
    Map<String, Object> issuerRef = new LinkedHashMap<>();
    issuerRef.put("group", GROUP);
    issuerRef.put("kind", issuer.kind);
    issuerRef.put("name", issuer.name);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("secretName", issuedSecretName(community));
    spec.put("dnsNames", dnsNames(community.getSpec()));
    spec.put("issuerRef", issuerRef);
    IssuedCertificate certificate = new IssuedCertificate();
    certificate.setApiVersion(GROUP + "/" + VERSION);
    certificate.setKind(KIND);
    certificate.setMetadata(new ObjectMetaBuilder()
        .withName(name(community))
        .withNamespace(community.getMetadata().getNamespace())
        .withLabels(CommunityLabels.of(community, ProsodyObjects.COMPONENT))
        .build());
    certificate.setAdditionalProperty("spec", spec);
    return certificate;
  }

  private static IssuerRef issuer(WestchatCommunitySpec spec) {
    return spec.expose.tls == null ? null : spec.expose.tls.issuerRef;
  }
}
