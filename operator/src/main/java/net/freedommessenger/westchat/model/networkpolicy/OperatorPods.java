package net.freedommessenger.westchat.model.networkpolicy;

import java.util.Map;

/**
 * Where the operator's own pods are, so that the NetworkPolicies let them reach the ports the
 * operator administers: the namespace the chart installs the operator in, and the label the chart
 * puts on the operator's pod.
 *
 * @param namespace the operator's namespace
 */
public record OperatorPods(String namespace) {

  /** The label the chart puts on the operator's pod; the policies select the operator by it. */
  public static final String LABEL = "westchat.freedom-messenger.net/operator";
  public static final String LABEL_VALUE = "true";
  /** The operator's namespace, which the chart passes to its pod. */
  public static final String NAMESPACE_VARIABLE = "WESTCHAT_OPERATOR_NAMESPACE";
  /** The namespace docs/install.md installs the chart in; {@code westchat render} assumes it. */
  public static final String DEFAULT_NAMESPACE = "westchat-system";

  /** The namespace the chart installs the operator in by default, as {@code westchat render} shows it. */
  public static OperatorPods installedByDefault() {
    return new OperatorPods(DEFAULT_NAMESPACE);
  }

  /** From the operator's environment; without the variable (an operator run outside the chart), the default namespace. */
  public static OperatorPods fromEnvironment(Map<String, String> environment) {
    String namespace = environment.get(NAMESPACE_VARIABLE);
    return new OperatorPods(namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.trim());
  }

  public Map<String, String> podLabels() {
    return Map.of(LABEL, LABEL_VALUE);
  }
}
