package net.freedommessenger.westchat.cli;

import static net.freedommessenger.westchat.cli.StatusFixtures.address;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.api.status.NetworkClosure;
import net.freedommessenger.westchat.api.status.RoomStatus;
import org.junit.jupiter.api.Test;

/** The rooms part of {@code westchat status}: each room's addresses, and the closed rooms. */
class RoomsReportTest {

  static RoomStatus room(String name) {
    RoomStatus room = new RoomStatus();
    room.name = name;
    return room;
  }

  static ClosedRoomStatus closed(RoomNetwork network, String room, String reason, NetworkClosure... results) {
    ClosedRoomStatus closed = new ClosedRoomStatus();
    closed.network = network;
    closed.room = room;
    closed.reason = reason;
    closed.results.addAll(List.of(results));
    return closed;
  }

  @Test
  void eachRoomHasItsAddressOnEveryNetworkAndWhyOneDoesNotWork() {
    WestchatCommunityStatus status = new WestchatCommunityStatus();
    RoomStatus lobby = room("lobby");
    lobby.matrix = address("#lobby:westchat.example.org", true, null);
    lobby.xmpp = address("#lobby%irc.westchat.example.org@biboumi.westchat.example.org", false,
        "its IRC channel is not set up yet");
    lobby.irc = address("#lobby", true, null);
    RoomStatus dev = room("dev");
    dev.matrix = address("#dev:westchat.example.org", false, null);
    dev.irc = address("#dev", true, null);
    status.rooms.addAll(List.of(lobby, dev));
    assertEquals("""

        Rooms
          lobby
            Matrix  #lobby:westchat.example.org                                   works
            XMPP    #lobby%irc.westchat.example.org@biboumi.westchat.example.org  does not work: its IRC channel is not set up yet
            IRC     #lobby                                                        works
          dev
            Matrix  #dev:westchat.example.org                                     does not work yet
            IRC     #dev                                                          works
        """, RoomsReport.describe(status));
  }

  @Test
  void closedRoomsSayHowClosingWentOnEachNetwork() {
    WestchatCommunityStatus status = new WestchatCommunityStatus();
    RoomStatus lobby = room("lobby");
    lobby.matrix = address("#lobby:westchat.example.org", false, "closed by the admins; status.closedRooms tells how");
    lobby.irc = address("#lobby", false, "closed by the admins; status.closedRooms tells how");
    status.rooms.add(lobby);
    status.closedRooms.add(closed(RoomNetwork.COMMUNITY, "lobby", "Closed for today",
        new NetworkClosure("matrix", "#lobby:westchat.example.org", "!abc:westchat.example.org", NetworkClosure.CLOSED, "ok"),
        new NetworkClosure("irc", "#lobby", null, NetworkClosure.FAILED, "ERR_NOSUCHCHANNEL")));
    status.closedRooms.add(closed(RoomNetwork.XMPP, "spam@conference.westchat.example.org", null,
        new NetworkClosure("xmpp", "spam@conference.westchat.example.org", null, NetworkClosure.WAITING, null)));
    status.closedRooms.add(closed(RoomNetwork.IRC, "#old", "", new NetworkClosure("irc", "#old", null,
        NetworkClosure.REOPEN_FAILED, "no answer")));
    status.closedRooms.add(closed(RoomNetwork.MATRIX, "#new:westchat.example.org", "spam"));
    assertEquals("""

        Rooms
          lobby
            Matrix  #lobby:westchat.example.org  closed by the admins, see Closed rooms below
            IRC     #lobby                       closed by the admins, see Closed rooms below

        Closed rooms
          lobby, a room of the community (reason: "Closed for today")
            Matrix  #lobby:westchat.example.org           closed
            IRC     #lobby                                closing failed, the operator tries again: ERR_NOSUCHCHANNEL
          spam@conference.westchat.example.org on XMPP
            XMPP    spam@conference.westchat.example.org  waits for the XMPP server to run
          #old on IRC
            IRC     #old                                  reopening failed, the operator tries again: no answer
          #new:westchat.example.org on Matrix (reason: "spam")
                                                          not closed anywhere yet
        """, RoomsReport.describe(status));
  }

  @Test
  void noRoomsAndNoClosedRoomsSayNothing() {
    assertEquals("", RoomsReport.describe(new WestchatCommunityStatus()));
  }
}
