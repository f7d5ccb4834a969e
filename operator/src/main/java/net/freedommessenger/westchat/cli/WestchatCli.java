package net.freedommessenger.westchat.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The operator's command line: {@code render} shows what the operator would create for a file,
 * without a cluster; {@code status} tells an admin in words how a community in the cluster is.
 */
public final class WestchatCli {

  /** Rendered, or the community is Ready. */
  public static final int OK = 0;
  /** Refused input; or the community is not Ready, not found, or the cluster could not be read. */
  public static final int NOT_OK = 1;
  /** The command line itself is wrong. */
  public static final int USAGE = 2;

  private WestchatCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Connects to the cluster the kubeconfig names, and only for {@code status}: render works without one. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, request -> {
      try (KubernetesClient client = StatusCommand.connect()) {
        return StatusCommand.run(request, client, out, err);
      }
    });
  }

  /** @param client the cluster {@code status} reads, with its namespace as the default; render does not use it */
  public static int run(String[] args, PrintStream out, PrintStream err, KubernetesClient client) {
    return run(args, out, err, request -> StatusCommand.run(request, client, out, err));
  }

  private static int run(String[] args, PrintStream out, PrintStream err, Function<StatusRequest, Integer> status) {
    String command = args.length == 0 ? "" : args[0];
    List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    if (RenderCommand.NAME.equals(command)) {
      return RenderCommand.run(rest, out, err);
    }
    if (StatusCommand.NAME.equals(command)) {
      return StatusRequest.parse(rest).map(status).orElseGet(() -> {
        err.println(StatusCommand.USAGE);
        return USAGE;
      });
    }
    err.println(RenderCommand.USAGE);
    err.println(StatusCommand.USAGE);
    return USAGE;
  }
}
