package net.freedommessenger.westchat.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.ClosedRoom;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.api.status.NetworkClosure;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.moderation.ClosureTargets.Target;
import org.junit.jupiter.api.Test;

class ClosedRoomsSyncTest {

  static final Set<String> ALL = Set.of("matrix", "xmpp", "irc");

  /** Records what the sync asked of the networks; fails on the networks it is told to. */
  static final class Networks implements RoomActions {
    final List<String> calls = new ArrayList<>();
    final Set<String> failing;

    Networks(Set<String> failing) {
      this.failing = failing;
    }

    @Override
    public NetworkClosure close(WestchatCommunity community, Target target, String reason) throws Exception {
      calls.add("close " + target.network() + " " + target.room() + " " + reason);
      if (failing.contains(target.network())) {
        throw new IOException(target.network() + " answered 500: boom");
      }
      return new NetworkClosure(target.network(), target.room(), target.network().equals("matrix") ? "!closed:x" : null,
          NetworkClosure.CLOSED, "done");
    }

    @Override
    public String reopen(WestchatCommunity community, NetworkClosure closed) throws Exception {
      calls.add("reopen " + closed.network + " " + closed.target + (closed.roomId == null ? "" : " " + closed.roomId));
      if (failing.contains(closed.network)) {
        throw new IOException(closed.network + " answered 500: boom");
      }
      return "reopened";
    }
  }

  static final class Events implements ClosedRoomsSync.Record {
    final List<String> recorded = new ArrayList<>();

    @Override
    public void normal(String reason, String message) {
      recorded.add("Normal " + reason + ": " + message);
    }

    @Override
    public void warning(String reason, String message) {
      recorded.add("Warning " + reason + ": " + message);
    }
  }

  static WestchatCommunity community() {
    WestchatCommunity community = TestCommunities.minimalWith("""
        rooms: [{name: lobby}]
        moderation:
          closedRooms:
          - {room: lobby, reason: off topic}
          - {network: xmpp, room: hangout@conference.westchat.example.org, reason: spam}
        """);
    community.getMetadata().setUid("uid-1");
    return community;
  }

  @Test
  void aCommunityRoomClosesOnMatrixAndIrcAndAGroupChatOnXmppWithAnEventEach() {
    Networks networks = new Networks(Set.of());
    Events events = new Events();
    ClosedRoomsSync.Outcome outcome = new ClosedRoomsSync().sync(community(), ALL, networks, events);

    assertEquals(List.of("close matrix #lobby:westchat.example.org off topic", "close irc #lobby off topic",
        "close xmpp hangout@conference.westchat.example.org spam"), networks.calls);
    assertEquals(2, outcome.closedRooms().size());
    assertEquals(List.of("matrix", "irc"), outcome.closedRooms().get(0).results.stream().map(r -> r.network).toList());
    assertTrue(outcome.closedRooms().stream().flatMap(c -> c.results.stream()).allMatch(r -> r.state.equals("Closed")));
    assertFalse(outcome.retry());
    assertEquals(3, events.recorded.size());
    assertTrue(events.recorded.get(0).startsWith("Normal RoomClosed: Closed #lobby:westchat.example.org on matrix"),
        events.recorded.get(0));
  }

  @Test
  void aReconcileThatChangesNothingCallsNoServerEvenAfterARestartThatKeptTheStatus() {
    WestchatCommunity community = community();
    ClosedRoomsSync sync = new ClosedRoomsSync();
    ClosedRoomsSync.Outcome first = sync.sync(community, ALL, new Networks(Set.of()), new Events());

    Networks again = new Networks(Set.of());
    sync.sync(community, ALL, again, new Events());
    assertEquals(List.of(), again.calls);

    community.setStatus(new WestchatCommunityStatus());
    community.getStatus().closedRooms = first.closedRooms();
    Networks afterRestart = new Networks(Set.of());
    new ClosedRoomsSync().sync(community, ALL, afterRestart, new Events());
    assertEquals(List.of(), afterRestart.calls);
  }

  @Test
  void aFailingNetworkIsReportedInTheServersWordsRetriedAndDoesNotStopTheOthers() {
    WestchatCommunity community = community();
    ClosedRoomsSync sync = new ClosedRoomsSync();
    Events events = new Events();
    ClosedRoomsSync.Outcome outcome = sync.sync(community, ALL, new Networks(Set.of("matrix")), events);

    NetworkClosure matrix = outcome.closedRooms().get(0).results.get(0);
    assertEquals("Failed", matrix.state);
    assertEquals("matrix answered 500: boom", matrix.message);
    assertEquals("Closed", outcome.closedRooms().get(0).results.get(1).state, "IRC is closed all the same");
    assertEquals("Closed", outcome.closedRooms().get(1).results.get(0).state, "and so is the XMPP room");
    assertTrue(outcome.retry());
    assertTrue(events.recorded.contains("Warning RoomCloseFailed: Could not close #lobby:westchat.example.org on matrix: "
        + "matrix answered 500: boom"));

    Networks retried = new Networks(Set.of());
    ClosedRoomsSync.Outcome second = sync.sync(community, ALL, retried, new Events());
    assertEquals(List.of("close matrix #lobby:westchat.example.org off topic"), retried.calls, "only the failed one again");
    assertFalse(second.retry());
  }

  @Test
  void aNetworkThatIsNotRunningYetWaitsWithoutACall() {
    Networks networks = new Networks(Set.of());
    ClosedRoomsSync.Outcome outcome = new ClosedRoomsSync().sync(community(), Set.of("irc", "xmpp"), networks, new Events());
    assertEquals("Waiting", outcome.closedRooms().get(0).results.get(0).state);
    assertEquals(2, networks.calls.size());
    assertTrue(outcome.retry());
  }

  @Test
  void removingAnEntryReopensWhatWasClosedAndSaysWhatCannotBeUndone() {
    WestchatCommunity community = community();
    ClosedRoomsSync sync = new ClosedRoomsSync();
    sync.sync(community, ALL, new Networks(Set.of()), new Events());

    community.getSpec().moderation.closedRooms = new ArrayList<>(List.of(community.getSpec().moderation.closedRooms.get(1)));
    Networks networks = new Networks(Set.of());
    Events events = new Events();
    ClosedRoomsSync.Outcome outcome = sync.sync(community, ALL, networks, events);

    assertEquals(List.of("reopen matrix #lobby:westchat.example.org !closed:x", "reopen irc #lobby"), networks.calls);
    assertEquals(1, outcome.closedRooms().size(), "the reopened room leaves the status");
    assertTrue(events.recorded.get(0).contains("history was purged when it was closed and cannot be restored"),
        events.recorded.get(0));
  }

  @Test
  void aRoomThatCannotBeReopenedStaysInTheStatusAndIsTriedAgain() {
    WestchatCommunity community = community();
    ClosedRoomsSync sync = new ClosedRoomsSync();
    sync.sync(community, ALL, new Networks(Set.of()), new Events());
    community.getSpec().moderation.closedRooms = new ArrayList<>();

    ClosedRoomsSync.Outcome outcome = sync.sync(community, ALL, new Networks(Set.of("irc")), new Events());
    List<ClosedRoomStatus> left = outcome.closedRooms();
    assertEquals(1, left.size());
    assertEquals("ReopenFailed", left.get(0).results.get(0).state);
    assertEquals("irc", left.get(0).results.get(0).network);
    assertTrue(outcome.retry());

    Networks retried = new Networks(Set.of());
    assertEquals(List.of(), sync.sync(community, ALL, retried, new Events()).closedRooms());
    assertEquals(List.of("reopen irc #lobby"), retried.calls);
  }

  @Test
  void aRoomOnANetworkTheCommunityDoesNotRunIsReportedAsFailed() {
    WestchatCommunity community = TestCommunities.minimalWith("""
        xmpp: {enabled: false}
        bridges: {xmppIrc: {enabled: false}}
        moderation:
          closedRooms:
          - {network: xmpp, room: hangout@conference.westchat.example.org, reason: spam}
        """);
    community.getMetadata().setUid("uid-2");
    ClosedRoom entry = community.getSpec().moderation.closedRooms.get(0);
    Networks networks = new Networks(Set.of());
    NetworkClosure result = new ClosedRoomsSync().sync(community, ALL, networks, new Events()).closedRooms().get(0).results.get(0);
    assertEquals("Failed", result.state);
    assertTrue(result.message.contains("spec.xmpp.enabled is false"), result.message);
    assertEquals(List.of(), networks.calls);
    assertEquals("spam", entry.reason);
  }
}
