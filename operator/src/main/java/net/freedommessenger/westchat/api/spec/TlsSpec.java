package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where certificates for the community's host names come from. */
public class TlsSpec {

  @JsonPropertyDescription("cert-manager issuer for every host name (Ingress, XMPP and IRC). Without it, certificates "
      + "come from the Secrets named in spec.xmpp.tls and spec.irc.tls, or, where none is named, from a self-signed "
      + "certificate the operator makes (clients warn about it); the Ingress is served without TLS.")
  public IssuerRef issuerRef;
}
