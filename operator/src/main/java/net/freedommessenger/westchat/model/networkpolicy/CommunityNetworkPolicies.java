package net.freedommessenger.westchat.model.networkpolicy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.bridges.IrcBridgeSite;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.ErgoSite;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.ProsodySite;
import net.freedommessenger.westchat.model.synapse.HomeserverSite;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;

/**
 * Who may connect to what inside a community: one ingress-only NetworkPolicy per part, selecting
 * that part's pods. A port a policy does not list is closed to every other pod; docs/network-policies.md
 * has the table. Egress, DNS among it, is left alone.
 *
 * <p>Biboumi has no policy of its own: it runs in Prosody's pod and reaches Prosody's component
 * port ({@value ProsodySite#COMPONENT_PORT}) on loopback, so Prosody's policy leaves that port closed to every other pod.
 */
public final class CommunityNetworkPolicies {

  /** The label Kubernetes puts on every namespace, with the namespace's name. */
  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private CommunityNetworkPolicies() {}

  public static boolean enabled(WestchatCommunitySpec spec) {
    return spec.networkPolicies == null || spec.networkPolicies.enabled;
  }

  /** Every policy of the community, one per part that runs; none when spec.networkPolicies.enabled is false. */
  public static List<NetworkPolicy> desired(WestchatCommunity community, OperatorPods operator) {
    WestchatCommunitySpec spec = community.getSpec();
    List<NetworkPolicy> policies = new ArrayList<>();
    if (!enabled(spec)) {
      return policies;
    }
    if (spec.matrix.enabled) {
      if (spec.matrix.database.runsOwnServer()) {
        policies.add(postgres(community));
      }
      policies.add(synapse(community));
      policies.add(matrixDelegation(community));
      if (ActiveBridges.appserviceIrc(spec)) {
        policies.add(appserviceIrc(community, operator));
      }
      if (ActiveBridges.heisenbridge(spec)) {
        policies.add(heisenbridge(community));
      }
    }
    if (spec.xmpp.enabled) {
      policies.add(prosody(community));
    }
    if (spec.irc.enabled) {
      policies.add(ergo(community, operator));
    }
    return policies;
  }

  /** PostgreSQL: Synapse, and matrix-appservice-irc when it runs (it keeps its database on the same server). */
  public static NetworkPolicy postgres(WestchatCommunity community) {
    List<NetworkPolicyPeer> clients = new ArrayList<>(List.of(part(community, SynapseObjects.COMPONENT)));
    if (ActiveBridges.appserviceIrc(community.getSpec())) {
      clients.add(part(community, AppserviceIrcObjects.COMPONENT));
    }
    return policy(community, ManagedPostgres.COMPONENT, ManagedPostgres.serviceName(community),
        List.of(from(clients, ManagedPostgres.PORT)));
  }

  /**
   * Synapse's one listener serves clients, other homeservers, the bridges and the operator's admin
   * calls alike (the Ingress sends only the public paths there): open to everyone.
   */
  public static NetworkPolicy synapse(WestchatCommunity community) {
    return policy(community, SynapseObjects.COMPONENT, SynapseObjects.name(community), List.of(open(HomeserverSite.PORT)));
  }

  /** The delegation files and the front page, public through the Ingress. */
  public static NetworkPolicy matrixDelegation(WestchatCommunity community) {
    return policy(community, MatrixDelegation.COMPONENT, MatrixDelegation.name(community), List.of(open(MatrixDelegation.PORT)));
  }

  /** matrix-appservice-irc's appservice port: Synapse sends events there, the operator asks its /health. */
  public static NetworkPolicy appserviceIrc(WestchatCommunity community, OperatorPods operator) {
    return policy(community, AppserviceIrcObjects.COMPONENT, AppserviceIrcObjects.name(community),
        List.of(from(List.of(part(community, SynapseObjects.COMPONENT), operator(operator)), IrcBridgeSite.PORT)));
  }

  /** Heisenbridge's appservice port: Synapse alone (the operator talks to Heisenbridge through Synapse). */
  public static NetworkPolicy heisenbridge(WestchatCommunity community) {
    return policy(community, HeisenbridgeObjects.COMPONENT, HeisenbridgeObjects.name(community),
        List.of(from(List.of(part(community, SynapseObjects.COMPONENT)), HeisenbridgeObjects.PORT)));
  }

  /**
   * Prosody's client port (which the operator also logs in to as an admin), its server port when
   * federation is on, and the file-sharing HTTP port behind the Ingress: open to everyone. The
   * component port is not listed: Biboumi reaches it on loopback from inside the pod.
   */
  public static NetworkPolicy prosody(WestchatCommunity community) {
    List<Integer> ports = new ArrayList<>(List.of(ProsodySite.CLIENT_PORT));
    if (community.getSpec().federation.enabled) {
      ports.add(ProsodySite.SERVER_PORT);
    }
    ports.add(ProsodySite.HTTP_PORT);
    return policy(community, ProsodyObjects.COMPONENT, ProsodyObjects.name(community), List.of(open(ports)));
  }

  /**
   * Ergo's TLS port is open to everyone. Its plain port is for the parts inside the cluster: the
   * operator (an IRC operator setting up and closing channels), Prosody's pod when Biboumi runs there,
   * and the Matrix-IRC bridge that runs.
   */
  public static NetworkPolicy ergo(WestchatCommunity community, OperatorPods operator) {
    WestchatCommunitySpec spec = community.getSpec();
    List<NetworkPolicyPeer> plainClients = new ArrayList<>(List.of(operator(operator)));
    if (ActiveBridges.biboumi(spec)) {
      plainClients.add(part(community, ProsodyObjects.COMPONENT));
    }
    if (ActiveBridges.appserviceIrc(spec)) {
      plainClients.add(part(community, AppserviceIrcObjects.COMPONENT));
    }
    if (ActiveBridges.heisenbridge(spec)) {
      plainClients.add(part(community, HeisenbridgeObjects.COMPONENT));
    }
    return policy(community, ErgoObjects.COMPONENT, ErgoObjects.name(community),
        List.of(open(List.of(ErgoSite.TLS_PORT)), from(plainClients, ErgoSite.PLAIN_PORT)));
  }

  /** The pods of one part of this community, as its workloads label them. */
  public static Map<String, String> podsOf(WestchatCommunity community, String component) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(CommunityLabels.INSTANCE, community.getMetadata().getName());
    labels.put(CommunityLabels.COMPONENT, component);
    return labels;
  }

  private static NetworkPolicy policy(WestchatCommunity community, String component, String name,
      List<NetworkPolicyIngressRule> rules) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, component))
        .endMetadata()
        .withNewSpec()
          .withPodSelector(selector(podsOf(community, component)))
          .withPolicyTypes("Ingress")
          .withIngress(rules)
        .endSpec()
        .build();
  }

  private static NetworkPolicyPeer part(WestchatCommunity community, String component) {
    return new NetworkPolicyPeerBuilder().withPodSelector(selector(podsOf(community, component))).build();
  }

  /** The operator's pods in the operator's namespace (which may be the community's). */
  private static NetworkPolicyPeer operator(OperatorPods operator) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(selector(Map.of(NAMESPACE_NAME, operator.namespace())))
        .withPodSelector(selector(operator.podLabels()))
        .build();
  }

  private static NetworkPolicyIngressRule open(int port) {
    return open(List.of(port));
  }

  /** Ports anyone may connect to: a rule without sources. */
  private static NetworkPolicyIngressRule open(List<Integer> ports) {
    NetworkPolicyIngressRuleBuilder rule = new NetworkPolicyIngressRuleBuilder();
    ports.forEach(port -> rule.addToPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build()));
    return rule.build();
  }

  private static NetworkPolicyIngressRule from(List<NetworkPolicyPeer> peers, int port) {
    return new NetworkPolicyIngressRuleBuilder(open(port)).withFrom(peers).build();
  }

  private static LabelSelector selector(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(new TreeMap<>(labels)).build();
  }
}
