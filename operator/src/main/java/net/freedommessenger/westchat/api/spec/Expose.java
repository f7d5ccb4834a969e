package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** How the community's web endpoints are exposed. */
public class Expose {

  @Size(max = 253)
  @JsonPropertyDescription("Ingress class for matrix.<domain>, upload.<domain> and the Matrix delegation at "
      + "<domain>/.well-known/matrix. Empty means the cluster's default Ingress class.")
  public String ingressClassName;

  @JsonPropertyDescription("TLS certificates for the community's host names.")
  public TlsSpec tls;
}
