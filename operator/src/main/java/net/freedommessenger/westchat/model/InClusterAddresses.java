package net.freedommessenger.westchat.model;

import java.util.List;

/**
 * Loopback and the private ranges pod networks are taken from: the addresses that connections
 * from inside the cluster (the bridges, the delegation nginx, the Ingress controller) come from.
 * People come through a LoadBalancer or the Ingress, which keep or name their own address.
 */
public final class InClusterAddresses {

  public static final List<String> RANGES = List.of(
      "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

  private InClusterAddresses() {}
}
