package net.freedommessenger.westchat.model.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.status.RoomAddress;
import net.freedommessenger.westchat.api.status.RoomStatus;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

/** The channels matrix-appservice-irc maps, from the room IDs the status records. */
class AppserviceIrcMappingsTest {

  static WestchatCommunity withRooms() {
    return TestCommunities.minimalWith("""
        rooms: [{name: lobby}, {name: technik}, {name: spam}]
        moderation: {closedRooms: [{room: spam, reason: spam}]}
        """);
  }

  static RoomStatus room(String name, String roomId) {
    RoomStatus room = new RoomStatus();
    room.name = name;
    room.matrix = new RoomAddress();
    room.matrix.roomId = roomId;
    return room;
  }

  @Test
  void noStatusNoMapping() {
    assertEquals(Map.of(), AppserviceIrcMappings.of(withRooms()));
  }

  @Test
  void openRoomsWithAMatrixRoomAreMappedClosedOnesAndRoomsNotMadeYetAreNot() {
    WestchatCommunity community = withRooms();
    community.setStatus(new WestchatCommunityStatus());
    community.getStatus().rooms = List.of(room("lobby", "!a:westchat.example.org"), room("technik", null),
        room("spam", "!s:westchat.example.org"));
    assertEquals(Map.of("#lobby", "!a:westchat.example.org"), AppserviceIrcMappings.of(community));
  }
}
