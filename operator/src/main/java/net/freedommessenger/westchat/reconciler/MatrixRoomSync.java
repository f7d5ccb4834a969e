package net.freedommessenger.westchat.reconciler;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.matrix.MatrixAccount;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.matrix.SynapseAdminApi.MatrixError;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.rooms.CommunityRooms;
import net.freedommessenger.westchat.model.rooms.MatrixRoom;
import net.freedommessenger.westchat.status.RoomProgress;

/**
 * Makes the community's Matrix rooms exist as the operator's account: the welcome room whose topic
 * is the rules, and every room of spec.rooms under its alias. A room whose alias is free is
 * created; one that exists gets its topic back when it differs. A room removed from the spec is
 * left as it is. What was done for a spec is remembered, so a reconcile that changes nothing does
 * not call Synapse; a room that failed is tried again on the next reconcile.
 */
final class MatrixRoomSync {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ADMIN_POWER = 100;

  private final SynapseLocator locator;
  private final MatrixTokens tokens;
  private final Map<String, Map<String, RoomProgress>> done = new ConcurrentHashMap<>();

  MatrixRoomSync(SynapseLocator locator, MatrixTokens tokens) {
    this.locator = locator;
    this.tokens = tokens;
  }

  /**
   * @param formerAdmins admins taken out of the spec, whose power in the rooms goes
   * @return each room's progress by alias localpart (the welcome room under {@value Names#WELCOME_ROOM})
   */
  Map<String, RoomProgress> sync(WestchatCommunity community, MatrixAccount operator, List<String> adminUsernames,
      List<String> formerAdmins, CommunityEvents events) {
    List<MatrixRoom> rooms = CommunityRooms.matrix(community.getSpec());
    String key = community.getMetadata().getUid() + "/" + rooms + "/" + adminUsernames + "/" + formerAdmins;
    Map<String, RoomProgress> earlier = done.get(key);
    if (earlier != null) {
      return earlier;
    }
    SynapseAdminApi api = new SynapseAdminApi(locator.baseUrl(community));
    Map<String, RoomProgress> progress = new LinkedHashMap<>();
    String operatorId = userId(operator.username(), community);
    String token;
    try {
      // the kept token, checked with a cheap authenticated call (a stale one makes a new login)
      token = tokens.call(community, api, operator.username(), operator.password(), t -> {
        api.isAdmin(t, operatorId);
        return t;
      });
    } catch (MatrixError | IOException e) {
      rooms.forEach(r -> progress.put(r.aliasLocalpart(), RoomProgress.notWorking(
          "the operator could not log in to Synapse: " + e.getMessage())));
      return progress;
    }
    List<String> adminIds = adminUsernames.stream().map(a -> userId(a, community)).toList();
    List<String> formerIds = formerAdmins.stream().map(a -> userId(a, community)).filter(id -> !adminIds.contains(id)).toList();
    for (MatrixRoom room : rooms) {
      progress.put(room.aliasLocalpart(), ensure(api, token, room, operatorId, new RoomAdmins(adminIds, formerIds), community,
          events));
    }
    if (progress.values().stream().allMatch(RoomProgress::ready)) {
      done.keySet().removeIf(k -> k.startsWith(community.getMetadata().getUid() + "/"));
      done.put(key, progress);
    }
    return progress;
  }

  /** The admins' Matrix IDs, and those of admins taken out of the spec. */
  private record RoomAdmins(List<String> current, List<String> former) {}

  private static RoomProgress ensure(SynapseAdminApi api, String token, MatrixRoom room, String operatorId,
      RoomAdmins admins, WestchatCommunity community, CommunityEvents events) {
    try {
      Optional<String> existing = api.roomOfAlias(room.alias());
      if (existing.isEmpty()) {
        String roomId = api.createRoom(token, room.createRequest(operatorId, admins.current()));
        events.normal(community, "MatrixRoomCreated", "Created the Matrix room " + room.alias() + " (" + roomId + ")");
        return RoomProgress.working().withRoomId(roomId);
      }
      if (room.topic() != null) {
        String topic = api.state(token, existing.get(), "m.room.topic").map(t -> t.path("topic").asText()).orElse(null);
        if (!Objects.equals(topic, room.topic())) {
          api.putState(token, existing.get(), "m.room.topic", Map.of("topic", room.topic()));
          events.normal(community, "MatrixRoomTopicSet", "Set the topic of the Matrix room " + room.alias());
        }
      }
      if (adminPowerChanged(api, token, existing.get(), admins)) {
        events.normal(community, "MatrixRoomAdminsSet", "Gave the admins power 100 in the Matrix room " + room.alias()
            + (admins.former().isEmpty() ? "" : " and took it from former admins"));
      }
      return RoomProgress.working().withRoomId(existing.get());
    } catch (MatrixError e) {
      return RoomProgress.notWorking(e.status() == 403
          ? room.alias() + " belongs to a room the operator's account cannot manage (" + e.getMessage()
              + "); remove the alias or make @" + Names.OPERATOR_ACCOUNT + " an admin of that room"
          : "Synapse refused to set up " + room.alias() + ": " + e.getMessage());
    } catch (IOException e) {
      return RoomProgress.notWorking("the operator could not reach Synapse to set up " + room.alias() + ": "
          + e.getClass().getSimpleName());
    }
  }

  /**
   * A room made before an admin joined the spec lacks them, and one made before an admin left still
   * lists them: the admins get 100 and former admins lose their entry (back to users_default).
   * Others' levels, which the admins may have set by hand, stay. Writes only when something changes.
   */
  private static boolean adminPowerChanged(SynapseAdminApi api, String token, String roomId, RoomAdmins admins)
      throws IOException, MatrixError {
    Optional<JsonNode> levels = api.state(token, roomId, "m.room.power_levels");
    if (levels.isEmpty()) {
      return false;
    }
    Map<String, Object> content = JSON.convertValue(levels.get(), new TypeReference<LinkedHashMap<String, Object>>() {});
    Map<String, Object> users = new LinkedHashMap<>();
    if (content.get("users") instanceof Map<?, ?> stored) {
      stored.forEach((user, level) -> users.put(String.valueOf(user), level));
    }
    boolean changed = false;
    for (String admin : admins.current()) {
      if (!(users.get(admin) instanceof Number level) || level.intValue() < ADMIN_POWER) {
        users.put(admin, ADMIN_POWER);
        changed = true;
      }
    }
    for (String former : admins.former()) {
      changed |= users.remove(former) != null;
    }
    if (changed) {
      content.put("users", users);
      api.putState(token, roomId, "m.room.power_levels", content);
    }
    return changed;
  }

  private static String userId(String username, WestchatCommunity community) {
    return "@" + username + ":" + community.getSpec().domain;
  }
}
