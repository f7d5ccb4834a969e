package net.freedommessenger.westchat.reconciler;

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

  private final SynapseLocator locator;
  private final MatrixTokens tokens;
  private final Map<String, Map<String, RoomProgress>> done = new ConcurrentHashMap<>();

  MatrixRoomSync(SynapseLocator locator, MatrixTokens tokens) {
    this.locator = locator;
    this.tokens = tokens;
  }

  /** @return each room's progress by alias localpart (the welcome room under {@value Names#WELCOME_ROOM}) */
  Map<String, RoomProgress> sync(WestchatCommunity community, MatrixAccount operator, List<String> adminUsernames,
      CommunityEvents events) {
    List<MatrixRoom> rooms = CommunityRooms.matrix(community.getSpec());
    String key = community.getMetadata().getUid() + "/" + rooms + "/" + adminUsernames;
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
    for (MatrixRoom room : rooms) {
      progress.put(room.aliasLocalpart(), ensure(api, token, room, operatorId, adminIds, community, events));
    }
    if (progress.values().stream().allMatch(RoomProgress::ready)) {
      done.keySet().removeIf(k -> k.startsWith(community.getMetadata().getUid() + "/"));
      done.put(key, progress);
    }
    return progress;
  }

  private static RoomProgress ensure(SynapseAdminApi api, String token, MatrixRoom room, String operatorId,
      List<String> adminIds, WestchatCommunity community, CommunityEvents events) {
    try {
      Optional<String> existing = api.roomOfAlias(room.alias());
      if (existing.isEmpty()) {
        String roomId = api.createRoom(token, room.createRequest(operatorId, adminIds));
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

  private static String userId(String username, WestchatCommunity community) {
    return "@" + username + ":" + community.getSpec().domain;
  }
}
