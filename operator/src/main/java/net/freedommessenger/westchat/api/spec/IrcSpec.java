package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The IRC part of the community: Ergo with NickServ and ChanServ. */
public class IrcSpec {

  public static final String STORAGE = "1Gi";

  @Default("true")
  @JsonPropertyDescription("Whether the community runs an IRC server (Ergo) at irc.<domain>.")
  public Boolean enabled = true;

  @Size(min = 1, max = 32)
  @ValidationRule(value = "self.matches('^[A-Za-z0-9][A-Za-z0-9_-]*$')",
      message = "must be letters, digits, '-' and '_' (IRC clients show it as the network name)")
  @JsonPropertyDescription("Name of the IRC network shown by clients. Empty means the first label of spec.domain.")
  public String networkName;

  @Default("{\"storage\":\"" + STORAGE + "\"}")
  @JsonPropertyDescription("The volume for Ergo's account and channel database.")
  public VolumeSpec storage = new VolumeSpec(STORAGE);

  @Default("LoadBalancer")
  @JsonPropertyDescription("Service type for IRC over TLS (6697): LoadBalancer, NodePort or ClusterIP. Plain IRC (6667) stays inside the cluster.")
  public ServiceExposure serviceType = ServiceExposure.LoadBalancer;

  @JsonPropertyDescription("Certificate for irc.<domain> when no cert-manager issuer is named in spec.expose.tls. Without either, "
      + "Ergo uses a self-signed certificate the operator makes, which clients warn about.")
  public TlsSecretRef tls;

  @JsonPropertyDescription("CPU and memory for Ergo.")
  public ResourceSettings resources;
}
