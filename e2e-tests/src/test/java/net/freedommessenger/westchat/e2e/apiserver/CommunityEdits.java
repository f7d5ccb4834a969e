package net.freedommessenger.westchat.e2e.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Consumer;
import net.freedommessenger.westchat.api.WestchatCommunity;

/**
 * Edits a community as a user would with kubectl edit: read, change, write; on a conflict with
 * the operator's own status write, read again and retry.
 */
public final class CommunityEdits {

  private CommunityEdits() {}

  public static WestchatCommunity edit(KubernetesClient client, String namespace, String name, Consumer<WestchatCommunity> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resources(WestchatCommunity.class).inNamespace(namespace).withName(name).edit(c -> {
          change.accept(c);
          return c;
        });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }
}
