package net.freedommessenger.westchat.model.tls;

/** Where the certificate of Prosody or Ergo comes from. */
public enum CertificateSource {
  /** cert-manager, from the issuer in spec.expose.tls.issuerRef. */
  ISSUER,
  /** A kubernetes.io/tls Secret the user named in spec.xmpp.tls or spec.irc.tls. */
  SECRET,
  /** Neither is named: the operator's own self-signed certificate ({@link SelfSignedCertificate}). */
  SELF_SIGNED
}
