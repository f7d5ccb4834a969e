package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Set;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.DataRetention;
import net.freedommessenger.westchat.model.CommunityLabels;

/**
 * Objects that hold a community's data (secrets, volumes) get an owner reference only when the
 * user chose dataRetention: Delete; otherwise deleting the community leaves them for a recreated
 * one. Events on them reach their community through the instance label either way.
 */
final class DataRetentionPolicy {

  private DataRetentionPolicy() {}

  static void apply(HasMetadata desired, WestchatCommunity community) {
    if (community.getSpec().dataRetention == DataRetention.DELETE) {
      desired.addOwnerReference(community);
    }
  }

  static Set<ResourceID> owningCommunity(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String instance = labels == null ? null : labels.get(CommunityLabels.INSTANCE);
    return instance == null ? Set.of() : Set.of(new ResourceID(instance, object.getMetadata().getNamespace()));
  }
}
