package net.freedommessenger.westchat.healing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.events.CommunityEvents;

/**
 * Events for objects the operator puts back. The operator can tell a repair from a spec change
 * when the status already describes the current generation: then nothing in the spec asked for
 * the write, so the object was deleted or edited by someone else.
 */
public final class DriftRepair {

  private DriftRepair() {}

  /** A missing object is about to be created again. */
  public static void recreating(WestchatCommunity community, HasMetadata desired, KubernetesClient client) {
    if (settled(community)) {
      new CommunityEvents(client, Clock.systemUTC()).normal(community, "ObjectRecreated", desired.getKind() + " "
          + desired.getMetadata().getName() + " was missing (deleted by hand?); the operator created it again");
    }
  }

  /** An object that differs from the desired one is about to be put back. */
  public static void restoring(WestchatCommunity community, HasMetadata desired, KubernetesClient client) {
    restoring(community, desired, client, "differed from what the community asks for (edited by hand?); the operator put it back");
  }

  /** @param what what was wrong and what the operator does, after the object's kind and name */
  public static void restoring(WestchatCommunity community, HasMetadata desired, KubernetesClient client, String what) {
    if (settled(community)) {
      new CommunityEvents(client, Clock.systemUTC()).normal(community, "ObjectRestored", desired.getKind() + " "
          + desired.getMetadata().getName() + " " + what);
    }
  }

  static boolean settled(WestchatCommunity community) {
    var status = community.getStatus();
    return status != null && status.observedGeneration != null
        && status.observedGeneration.equals(community.getMetadata().getGeneration());
  }
}
