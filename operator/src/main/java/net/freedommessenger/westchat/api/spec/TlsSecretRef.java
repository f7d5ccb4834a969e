package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** A certificate the user provides instead of cert-manager. */
public class TlsSecretRef {

  @Size(max = 253)
  @JsonPropertyDescription("Name of a kubernetes.io/tls Secret whose certificate covers every host name the server serves. "
      + "Used when spec.expose.tls.issuerRef is not set; without both, the operator makes a self-signed certificate.")
  public String secretName;
}
