package net.freedommessenger.westchat.model.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.moderation.ClosureTargets.Target;
import org.junit.jupiter.api.Test;

class ClosureTargetsTest {

  @Test
  void aCommunityRoomIsItsMatrixAliasAndItsIrcChannelWhichXmppReachesThroughTheGateway() {
    WestchatCommunity community = TestCommunities.minimalWith("""
        rooms: [{name: lobby}]
        moderation: {closedRooms: [{room: lobby, reason: r}]}
        """);
    assertEquals(List.of(new Target("matrix", "#lobby:westchat.example.org", true), new Target("irc", "#lobby", true)),
        ClosureTargets.of(community.getSpec().moderation.closedRooms.get(0), community.getSpec()));
  }

  @Test
  void aCommunityRoomSkipsANetworkThatIsOffAndARoomOfOneNetworkStaysOnIt() {
    WestchatCommunity community = TestCommunities.minimalWith("""
        matrix: {enabled: false}
        bridges: {matrixIrc: {enabled: false}}
        rooms: [{name: lobby}]
        moderation:
          closedRooms:
          - {room: lobby, reason: r}
          - {network: matrix, room: "!abc:westchat.example.org", reason: r}
        """);
    var spec = community.getSpec();
    assertEquals(List.of(new Target("irc", "#lobby", true)), ClosureTargets.of(spec.moderation.closedRooms.get(0), spec));
    assertEquals(List.of(new Target("matrix", "!abc:westchat.example.org", false)),
        ClosureTargets.of(spec.moderation.closedRooms.get(1), spec));
  }

  @Test
  void theClosedRoomsOfTheSpecAreNamedForTheRoomSetUpToLeaveAlone() {
    WestchatCommunity community = TestCommunities.minimalWith("""
        rooms: [{name: lobby}, {name: help}]
        moderation:
          closedRooms:
          - {room: lobby, reason: r}
          - {network: irc, room: "#help", reason: r}
        """);
    assertEquals(java.util.Set.of("lobby"), ClosureTargets.closedCommunityRooms(community.getSpec()));
  }
}
