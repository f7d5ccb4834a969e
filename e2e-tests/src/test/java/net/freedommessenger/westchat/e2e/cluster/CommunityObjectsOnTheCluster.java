package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;

/**
 * What the operator should have made for a community, from the same model code it runs (as
 * `westchat render` shows it), compared with what the cluster holds.
 */
final class CommunityObjectsOnTheCluster {

  private CommunityObjectsOnTheCluster() {}

  /** A file of samples/, as it is, with the namespace set. */
  static WestchatCommunity sample(String file, String namespace) {
    return sample(ApiServer.repoRoot().resolve("samples").resolve(file), namespace);
  }

  /** A community file, as it is, with the namespace set. */
  static WestchatCommunity sample(Path file, String namespace) {
    try {
      WestchatCommunity community = Serialization.unmarshal(Files.readString(file), WestchatCommunity.class);
      community.getMetadata().setNamespace(namespace);
      return community;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects of the stored community (with the API server's defaults), by the operator's model. */
  static List<HasMetadata> expected(KubernetesClient client, String namespace, String name) {
    WestchatCommunity stored = client.resources(WestchatCommunity.class).inNamespace(namespace).withName(name).get();
    if (stored == null) {
      throw new IllegalStateException("no WestchatCommunity " + namespace + "/" + name);
    }
    return CommunityObjects.desired(stored, ExistingSecrets.NONE, new RandomSecretGenerator());
  }

  /**
   * Secrets and volume claims hold a community's data; the operator never deletes them. Ergo's
   * config Secret is the exception: derived from the spec, it goes with its part and its community.
   */
  static boolean holdsData(HasMetadata object) {
    return object instanceof Secret && !isErgoConfig(object) || object instanceof PersistentVolumeClaim;
  }

  /**
   * Ergo's only Secret is its config (the IRC certificate's Secret is cert-manager's, the user's,
   * or the operator's self-signed one, labelled as a component of its own).
   */
  static boolean isErgoConfig(HasMetadata object) {
    return object instanceof Secret
        && ErgoObjects.COMPONENT.equals(object.getMetadata().getLabels().get(CommunityLabels.COMPONENT));
  }

  static List<String> missing(KubernetesClient client, List<HasMetadata> objects) {
    return objects.stream().filter(o -> client.resource(o).get() == null).map(CommunityObjectsOnTheCluster::describe).toList();
  }

  static List<String> present(KubernetesClient client, List<HasMetadata> objects) {
    return objects.stream().filter(o -> client.resource(o).get() != null).map(CommunityObjectsOnTheCluster::describe).toList();
  }

  /** The claims of a community's StatefulSets (from their claim templates) and its own claims. */
  static List<PersistentVolumeClaim> claims(KubernetesClient client, String namespace, String community) {
    return client.persistentVolumeClaims().inNamespace(namespace).withLabel(CommunityLabels.INSTANCE, community)
        .list().getItems();
  }

  static Optional<CommunityCondition> condition(KubernetesClient client, String namespace, String name, String type) {
    WestchatCommunity stored = client.resources(WestchatCommunity.class).inNamespace(namespace).withName(name).get();
    if (stored == null || stored.getStatus() == null || stored.getStatus().conditions == null) {
      return Optional.empty();
    }
    return stored.getStatus().conditions.stream().filter(c -> type.equals(c.type)).findFirst();
  }

  static String describe(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getName();
  }
}
