package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The XMPP part of the community: Prosody with group chats and uploads. */
public class XmppSpec {

  @Default("true")
  @JsonPropertyDescription("Whether the community runs an XMPP server (Prosody), with group chats at conference.<domain>.")
  public Boolean enabled = true;

  @Default("true")
  @JsonPropertyDescription("Whether the community's front page offers XMPP in the browser: a web chat (Converse.js) at "
      + "https://<domain>/en/chat/ and /de/chat/ that logs in to this server over WebSocket and joins the lobby. "
      + "With registration 'open' it also has a guests' chat at /en/chat/guest/ and /de/chat/guest/: an anonymous "
      + "login on Prosody's host guest.<domain>, with no password, nothing stored and no federation. "
      + "Set to false to serve the front page without either.")
  public Boolean webChat = true;

  @Default("{}")
  @JsonPropertyDescription("File uploads at upload.<domain> and the data volume.")
  public UploadsSpec uploads = new UploadsSpec();

  @Default("LoadBalancer")
  @JsonPropertyDescription("Service type for client (5222) and server-to-server (5269) connections: LoadBalancer, NodePort or ClusterIP.")
  public ServiceExposure serviceType = ServiceExposure.LoadBalancer;

  @JsonPropertyDescription("Certificate for <domain>, conference.<domain> and upload.<domain> when no cert-manager issuer is named in "
      + "spec.expose.tls. Without either, Prosody uses a self-signed certificate the operator makes, which clients warn about.")
  public TlsSecretRef tls;

  @JsonPropertyDescription("CPU and memory for Prosody.")
  public ResourceSettings resources;
}
