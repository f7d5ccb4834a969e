package net.freedommessenger.westchat.model.networkpolicy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, as the NetworkPolicy API defines it, whether a pod may open a TCP connection to a port of
 * another pod, given the policies that exist: a pod no Ingress policy selects accepts everything; a
 * selected pod accepts what at least one rule of one selecting policy allows. Pod and namespace
 * selectors, matchLabels and matchExpressions, numbered ports; anything else (ipBlock, named
 * ports, port ranges) is refused loudly rather than guessed.
 */
final class IngressEvaluator {

  /** A pod as a policy sees it: where it is and its labels. */
  record Pod(String description, String namespace, Map<String, String> labels) {}

  private final List<NetworkPolicy> policies;
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

  IngressEvaluator(List<NetworkPolicy> policies) {
    this.policies = List.copyOf(policies);
  }

  /** A namespace's labels; every namespace has kubernetes.io/metadata.name, as the API server sets it. */
  Map<String, String> labelsOf(String namespace) {
    Map<String, String> labels = new HashMap<>(namespaceLabels.getOrDefault(namespace, Map.of()));
    labels.put("kubernetes.io/metadata.name", namespace);
    return labels;
  }

  IngressEvaluator withNamespaceLabels(String namespace, Map<String, String> labels) {
    namespaceLabels.put(namespace, labels);
    return this;
  }

  boolean allows(Pod source, Pod target, int port) {
    List<NetworkPolicy> selecting = policies.stream()
        .filter(p -> Objects.equals(p.getMetadata().getNamespace(), target.namespace()))
        .filter(IngressEvaluator::limitsIngress)
        .filter(p -> matches(p.getSpec().getPodSelector(), target.labels()))
        .toList();
    if (selecting.isEmpty()) {
      return true;
    }
    return selecting.stream().anyMatch(p -> p.getSpec().getIngress() != null && p.getSpec().getIngress().stream()
        .anyMatch(rule -> allowsPort(rule, port) && allowsSource(p, rule, source)));
  }

  private static boolean limitsIngress(NetworkPolicy policy) {
    List<String> types = policy.getSpec().getPolicyTypes();
    // without policyTypes, a policy limits ingress always (and egress only when it has egress rules)
    return types == null || types.isEmpty() || types.contains("Ingress");
  }

  private static boolean allowsPort(NetworkPolicyIngressRule rule, int port) {
    if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort allowed : rule.getPorts()) {
      if (allowed.getEndPort() != null) {
        throw new UnsupportedOperationException("port ranges are not evaluated here");
      }
      String protocol = allowed.getProtocol() == null ? "TCP" : allowed.getProtocol();
      if (!protocol.equals("TCP")) {
        continue;
      }
      if (allowed.getPort() == null) {
        return true;
      }
      if (allowed.getPort().getIntVal() == null) {
        throw new UnsupportedOperationException("named ports are not evaluated here: " + allowed.getPort().getStrVal());
      }
      if (allowed.getPort().getIntVal() == port) {
        return true;
      }
    }
    return false;
  }

  private boolean allowsSource(NetworkPolicy policy, NetworkPolicyIngressRule rule, Pod source) {
    if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
      return true;
    }
    return rule.getFrom().stream().anyMatch(peer -> matches(policy, peer, source));
  }

  private boolean matches(NetworkPolicy policy, NetworkPolicyPeer peer, Pod source) {
    if (peer.getIpBlock() != null) {
      throw new UnsupportedOperationException("ipBlock peers are not evaluated here");
    }
    if (peer.getNamespaceSelector() == null && peer.getPodSelector() == null) {
      throw new IllegalArgumentException("a peer needs a selector: " + peer);
    }
    boolean namespace = peer.getNamespaceSelector() == null
        ? source.namespace().equals(policy.getMetadata().getNamespace())
        : matches(peer.getNamespaceSelector(), labelsOf(source.namespace()));
    boolean pod = peer.getPodSelector() == null || matches(peer.getPodSelector(), source.labels());
    return namespace && pod;
  }

  /** An empty selector selects everything; a missing one is refused (the API requires podSelector). */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      throw new IllegalArgumentException("a missing selector");
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
        if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        String value = labels.get(requirement.getKey());
        boolean ok = switch (requirement.getOperator()) {
          case "In" -> value != null && requirement.getValues().contains(value);
          case "NotIn" -> value == null || !requirement.getValues().contains(value);
          case "Exists" -> value != null;
          case "DoesNotExist" -> value == null;
          default -> throw new IllegalArgumentException("unknown operator " + requirement.getOperator());
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
