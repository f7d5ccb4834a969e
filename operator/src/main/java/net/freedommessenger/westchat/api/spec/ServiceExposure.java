package net.freedommessenger.westchat.api.spec;

/** Kubernetes Service type for ports that clients reach directly (XMPP, IRC over TLS). */
public enum ServiceExposure {
  ClusterIP,
  LoadBalancer,
  NodePort
}
