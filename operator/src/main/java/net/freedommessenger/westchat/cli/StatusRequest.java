package net.freedommessenger.westchat.cli;

import java.util.List;
import java.util.Optional;

/**
 * What {@code westchat status [--namespace NS] [NAME]} asks for.
 *
 * @param namespace null for the namespace of the kubeconfig's current context
 * @param name null for the only community in that namespace
 */
record StatusRequest(String namespace, String name) {

  static final String NAMESPACE = "--namespace";

  /** @return empty when the arguments are not {@code [--namespace NS] [NAME]}, in any order */
  static Optional<StatusRequest> parse(List<String> args) {
    String namespace = null;
    String name = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(NAMESPACE) && namespace == null && i + 1 < args.size() && isValue(args.get(i + 1))) {
        namespace = args.get(++i);
      } else if (arg.startsWith(NAMESPACE + "=") && namespace == null && isValue(arg.substring(NAMESPACE.length() + 1))) {
        namespace = arg.substring(NAMESPACE.length() + 1);
      } else if (isValue(arg) && name == null) {
        name = arg;
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new StatusRequest(namespace, name));
  }

  private static boolean isValue(String arg) {
    return !arg.isEmpty() && !arg.startsWith("-");
  }
}
