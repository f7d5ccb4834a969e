package net.freedommessenger.westchat.model.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

/** The Matrix rooms a spec asks for, and the createRoom request for each. */
class CommunityRoomsTest {

  static final String OPERATOR = "@westchat:westchat.example.org";

  @Test
  void theWelcomeRoomComesFirstAndShowsTheRules() {
    List<MatrixRoom> rooms = CommunityRooms.matrix(TestCommunities.sample("full.yaml").getSpec());
    assertEquals(List.of("#welcome:westchat.example.org", "#lobby:westchat.example.org", "#technik:westchat.example.org"),
        rooms.stream().map(MatrixRoom::alias).toList());
    assertEquals("Willkommen ist jeder, der die Gesetze achtet.", rooms.get(0).topic());
    assertTrue(rooms.get(0).announcements());
    assertFalse(rooms.get(1).announcements());
  }

  @Test
  void withoutRulesThereIsNoWelcomeRoomAndWithoutMatrixNoRoomAtAll() {
    assertEquals(List.of(), CommunityRooms.matrix(TestCommunities.sample("minimal.yaml").getSpec()));
    WestchatCommunity noMatrix = TestCommunities.minimalWith("""
        rules: be kind
        rooms: [{name: lobby}]
        matrix: {enabled: false}
        bridges: {matrixIrc: {enabled: false}}
        """);
    assertEquals(List.of(), CommunityRooms.matrix(noMatrix.getSpec()));
  }

  @Test
  void aRoomTheAdminsClosedIsLeftToModeration() {
    WestchatCommunity community = TestCommunities.minimalWith("""
        rooms: [{name: lobby}, {name: spam}]
        moderation: {closedRooms: [{room: spam, reason: spam}]}
        """);
    assertEquals(List.of("lobby"), CommunityRooms.open(community.getSpec()).stream().map(r -> r.name).toList());
    assertEquals(List.of("#lobby:westchat.example.org"), CommunityRooms.matrix(community.getSpec()).stream()
        .map(MatrixRoom::alias).toList());
  }

  @Test
  void roomsArePublicUnencryptedFederatedAndTheAdminsHoldPower100() {
    MatrixRoom lobby = new MatrixRoom("lobby", "westchat.example.org", "lobby", "Hallo!", false);
    Map<String, Object> request = lobby.createRequest(OPERATOR, List.of("@alice:westchat.example.org", OPERATOR));
    assertEquals("lobby", request.get("room_alias_name"));
    assertEquals("Hallo!", request.get("topic"));
    assertEquals("public_chat", request.get("preset"));
    assertEquals("public", request.get("visibility"));
    assertEquals(Map.of("m.federate", true), request.get("creation_content"));
    assertFalse(request.toString().contains("m.room.encryption"), "bridged rooms cannot be encrypted");
    @SuppressWarnings("unchecked")
    Map<String, Object> power = (Map<String, Object>) request.get("power_level_content_override");
    assertEquals(Map.of("@alice:westchat.example.org", 100), power.get("users"),
        "the creator is not listed: room version 12 refuses it, and it holds 100 anyway");
    assertEquals(0, power.get("events_default"));
  }

  @Test
  void inTheWelcomeRoomOnlyModeratorsPost() {
    MatrixRoom welcome = new MatrixRoom("welcome", "westchat.example.org", "Welcome", "be kind", true);
    @SuppressWarnings("unchecked")
    Map<String, Object> power = (Map<String, Object>) welcome.createRequest(OPERATOR, List.of()).get("power_level_content_override");
    assertEquals(50, power.get("events_default"));
  }

  @Test
  void theRequestIsTheSameForTheSameRoom() {
    MatrixRoom lobby = new MatrixRoom("lobby", "westchat.example.org", "lobby", null, false);
    assertEquals(lobby.createRequest(OPERATOR, List.of("@a:x")).toString(), lobby.createRequest(OPERATOR, List.of("@a:x")).toString());
    assertFalse(lobby.createRequest(OPERATOR, List.of()).containsKey("topic"));
  }
}
