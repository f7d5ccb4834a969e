package net.freedommessenger.westchat.model.bridges;

import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.status.RoomStatus;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.rooms.CommunityRooms;

/**
 * Which IRC channel matrix-appservice-irc bridges to which Matrix room: each open room of
 * spec.rooms whose Matrix room the operator has made, by the ID status.rooms records. A room ID
 * exists only once Synapse made the room, so the bridge's config follows the status.
 */
public final class AppserviceIrcMappings {

  private AppserviceIrcMappings() {}

  /** Channel (such as #lobby) to Matrix room ID, sorted, so the same status gives the same config. */
  public static Map<String, String> of(WestchatCommunity community) {
    Map<String, String> mappings = new TreeMap<>();
    if (community.getStatus() == null || community.getStatus().rooms == null) {
      return mappings;
    }
    CommunityHosts hosts = new CommunityHosts(community.getSpec().domain);
    for (Room room : CommunityRooms.open(community.getSpec())) {
      community.getStatus().rooms.stream()
          .filter(r -> room.name.equals(r.name) && r.matrix != null && r.matrix.roomId != null)
          .map(r -> r.matrix.roomId).findFirst()
          .ifPresent(id -> mappings.put(hosts.ircChannel(room), id));
    }
    return mappings;
  }
}
