package net.freedommessenger.westchat.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;

/**
 * {@code westchat status [--namespace NS] [NAME]}: finds the community in the cluster and prints
 * {@link CommunityReport}. The only part that talks to the cluster.
 */
final class StatusCommand {

  static final String NAME = "status";
  static final String USAGE = "usage: westchat status [" + StatusRequest.NAMESPACE + " NS] [NAME]   tell in words whether "
      + "each part of a WestchatCommunity works, and what to do when not; NAME may be left out when NS has one";

  private StatusCommand() {}

  /** The cluster and namespace of the kubeconfig's current context, as kubectl finds them (KUBECONFIG, ~/.kube/config). */
  static KubernetesClient connect() {
    Config config = Config.autoConfigure(null);
    // the client retries an unreachable cluster for about a minute by default; a command should answer sooner
    config.setRequestRetryBackoffLimit(1);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static int run(StatusRequest request, KubernetesClient client, PrintStream out, PrintStream err) {
    String namespace = request.namespace() != null ? request.namespace()
        : client.getNamespace() != null ? client.getNamespace() : "default";
    var communities = client.resources(WestchatCommunity.class).inNamespace(namespace);
    try {
      WestchatCommunity community;
      if (request.name() != null) {
        community = communities.withName(request.name()).get();
        if (community == null) {
          List<String> others = names(communities.list().getItems());
          err.println("westchat status: no WestchatCommunity \"" + request.name() + "\" in namespace " + namespace
              + (others.isEmpty() ? "" : "; it has " + String.join(", ", others)));
          return WestchatCli.NOT_OK;
        }
      } else {
        List<WestchatCommunity> all = communities.list().getItems();
        if (all.isEmpty()) {
          err.println("westchat status: no WestchatCommunity in namespace " + namespace + "; name another with "
              + StatusRequest.NAMESPACE + " NS");
          return WestchatCli.NOT_OK;
        }
        if (all.size() > 1) {
          err.println("westchat status: namespace " + namespace + " has " + all.size() + " WestchatCommunities ("
              + String.join(", ", names(all)) + "); name one: westchat status NAME");
          return WestchatCli.USAGE;
        }
        community = all.get(0);
      }
      out.print(CommunityReport.describe(community));
      out.flush();
      return CommunityReport.isReady(community) ? WestchatCli.OK : WestchatCli.NOT_OK;
    } catch (KubernetesClientException e) {
      err.println("westchat status: " + whyUnreadable(e, client, namespace));
      return WestchatCli.NOT_OK;
    }
  }

  private static List<String> names(List<WestchatCommunity> communities) {
    return communities.stream().map(HasMetadata::getMetadata).map(ObjectMeta::getName).sorted().toList();
  }

  private static String whyUnreadable(KubernetesClientException e, KubernetesClient client, String namespace) {
    if (e.getCode() == 404) {
      return "the cluster at " + client.getMasterUrl() + " does not know WestchatCommunity: is the operator installed?";
    }
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return "the cluster at " + client.getMasterUrl() + " refused to show the WestchatCommunities in namespace "
          + namespace + ": " + e.getStatus().getMessage();
    }
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return "cannot reach the cluster at " + client.getMasterUrl() + ": " + cause;
  }
}
