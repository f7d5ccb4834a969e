package net.freedommessenger.westchat.cli;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.api.status.RoomAddress;

/** Communities with the statuses the operator writes, built from the real api classes. */
final class StatusFixtures {

  static final long GENERATION = 4;

  private StatusFixtures() {}

  /** Community "westchat" in namespace "chat" at {@link #GENERATION}, with the given conditions (none: no status yet). */
  static WestchatCommunity community(CommunityCondition... conditions) {
    WestchatCommunity community = new WestchatCommunity();
    community.setMetadata(new ObjectMetaBuilder().withName("westchat").withNamespace("chat").withGeneration(GENERATION)
        .build());
    WestchatCommunitySpec spec = new WestchatCommunitySpec();
    spec.domain = "westchat.example.org";
    spec.admins.add(new Admin("alice"));
    community.setSpec(spec);
    if (conditions.length > 0) {
      WestchatCommunityStatus status = new WestchatCommunityStatus();
      status.observedGeneration = GENERATION;
      status.conditions.addAll(List.of(conditions));
      community.setStatus(status);
    }
    return community;
  }

  /** A community whose every part works, but for the parts replaced by the given conditions. */
  static WestchatCommunity working(CommunityCondition... replaced) {
    WestchatCommunity community = community(
        condition("Ready", "True", "AllPartsReady", "Every enabled part of the community works."),
        condition("Matrix", "True", "Running", "Synapse answers on its Service."),
        condition("XMPP", "True", "Running", "Prosody accepts clients for westchat.example.org."),
        condition("IRC", "True", "Running", "Ergo accepts IRC over TLS at irc.westchat.example.org:6697."),
        condition("Bridges", "True", "Running", "The Matrix-IRC bridge is ready; Biboumi runs next to Prosody."),
        condition("Rooms", "True", "NoRooms", "spec.rooms lists no rooms; users can still open their own."));
    for (CommunityCondition condition : replaced) {
      community.getStatus().conditions.replaceAll(c -> c.type.equals(condition.type) ? condition : c);
    }
    return community;
  }

  static CommunityCondition condition(String type, String status, String reason, String message) {
    CommunityCondition condition = new CommunityCondition();
    condition.type = type;
    condition.status = status;
    condition.reason = reason;
    condition.message = message;
    condition.observedGeneration = GENERATION;
    condition.lastTransitionTime = "2026-11-26T10:00:00Z";
    return condition;
  }

  static RoomAddress address(String address, boolean ready, String message) {
    RoomAddress room = new RoomAddress();
    room.address = address;
    room.ready = ready;
    room.message = message;
    return room;
  }
}
