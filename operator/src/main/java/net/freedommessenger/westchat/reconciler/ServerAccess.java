package net.freedommessenger.westchat.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.Function;
import net.freedommessenger.westchat.healing.BridgeLocator;
import net.freedommessenger.westchat.matrix.SynapseLocator;

/**
 * How the operator reaches a community's servers: Synapse's client and admin API, the bridges'
 * health endpoints, and Ergo and Prosody. In a cluster, through their Services' DNS names; an
 * operator run elsewhere (the interop tests, on loopback) says where each one is instead.
 */
public record ServerAccess(SynapseLocator synapse, BridgeLocator bridges, Function<KubernetesClient, ChatServers> chatServers) {

  /** Every server by its Service's name, as the operator in the cluster reaches them. */
  public static final ServerAccess IN_CLUSTER = new ServerAccess(SynapseLocator.IN_CLUSTER, BridgeLocator.IN_CLUSTER,
      ChatServers::inCluster);

  public ServerAccess withSynapse(SynapseLocator where) {
    return new ServerAccess(where, bridges, chatServers);
  }

  public ServerAccess withBridges(BridgeLocator where) {
    return new ServerAccess(synapse, where, chatServers);
  }

  public ServerAccess withChatServers(Function<KubernetesClient, ChatServers> where) {
    return new ServerAccess(synapse, bridges, where);
  }
}
