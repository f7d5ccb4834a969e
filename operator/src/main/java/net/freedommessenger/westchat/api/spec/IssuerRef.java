package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A cert-manager issuer. */
public class IssuerRef {

  @Default("ClusterIssuer")
  @ValidationRule(value = "self == 'Issuer' || self == 'ClusterIssuer'", message = "must be Issuer or ClusterIssuer")
  @Size(max = 32)
  @JsonPropertyDescription("Kind of the cert-manager issuer: ClusterIssuer or Issuer (in this namespace).")
  public String kind = "ClusterIssuer";

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the cert-manager issuer, such as letsencrypt.")
  public String name;
}
