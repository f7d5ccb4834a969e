package net.freedommessenger.westchat.model.rooms;

import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.model.OrderedMap;

/**
 * A room the operator keeps on Synapse: a room of spec.rooms, or the welcome room that shows the
 * rules. Rooms are public (anyone, also over federation, may join), listed in the room directory
 * and not encrypted, because a bridge must read them. The operator (their creator) and every admin hold power 100.
 *
 * @param aliasLocalpart the alias without '#' and server name: lobby for #lobby:example.org
 * @param announcements only moderators post (the welcome room); members only read
 */
public record MatrixRoom(String aliasLocalpart, String serverName, String name, String topic, boolean announcements) {

  public static final int ADMIN_POWER = 100;
  public static final int MODERATOR_POWER = 50;

  public String alias() {
    return "#" + aliasLocalpart + ":" + serverName;
  }

  /** The body of a createRoom request that makes the room as described, owned by the operator. */
  public Map<String, Object> createRequest(String operatorUserId, List<String> adminUserIds) {
    Map<String, Object> request = OrderedMap.of("room_alias_name", aliasLocalpart, "name", name);
    if (topic != null) {
      request.put("topic", topic);
    }
    request.put("preset", "public_chat");
    request.put("visibility", "public");
    // federated by default (m.federate), so users of other servers can join
    request.put("creation_content", OrderedMap.of("m.federate", true));
    request.put("power_level_content_override", powerLevels(operatorUserId, adminUserIds));
    // no m.room.encryption: the bridges must read every message
    request.put("initial_state", List.of(OrderedMap.of("type", "m.room.history_visibility", "state_key", "",
        "content", OrderedMap.of("history_visibility", "shared"))));
    return request;
  }

  private Map<String, Object> powerLevels(String operatorUserId, List<String> adminUserIds) {
    // the creator (the operator) is not listed: it holds 100 from the preset, and from room version 12
    // on a creator's power is unlimited and listing it is refused
    Map<String, Object> users = OrderedMap.of();
    for (String admin : adminUserIds) {
      if (!admin.equals(operatorUserId)) {
        users.put(admin, ADMIN_POWER);
      }
    }
    Map<String, Object> levels = OrderedMap.of("users", users);
    levels.put("events_default", announcements ? MODERATOR_POWER : 0);
    return levels;
  }
}
