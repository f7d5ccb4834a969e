package net.freedommessenger.westchat.reconciler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.ClosedRoom;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.api.status.NetworkClosure;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.model.moderation.ClosureTargets;
import net.freedommessenger.westchat.model.moderation.ClosureTargets.Target;

/**
 * Brings the rooms closed on the servers in line with spec.moderation.closedRooms: closes what is
 * newly listed, reopens what is no longer listed, and reports each room's result per network.
 * What it did is remembered (in memory, and in the status it returns, which survives a restart of
 * the operator), so a reconcile that changes nothing calls no server. A failure on one network is
 * reported in the server's words and tried again at the next reconcile; it never stops the others.
 */
final class ClosedRoomsSync {

  /** Where the actions are recorded: Kubernetes Events on the community (see {@link CommunityEvents}). */
  interface Record {
    void normal(String reason, String message);

    void warning(String reason, String message);

    static Record of(CommunityEvents events, WestchatCommunity community) {
      return new Record() {
        @Override
        public void normal(String reason, String message) {
          events.normal(community, reason, message);
        }

        @Override
        public void warning(String reason, String message) {
          events.warning(community, reason, message);
        }
      };
    }
  }

  /** The outcome: the status list, and whether something failed and should be tried again soon. */
  record Outcome(List<ClosedRoomStatus> closedRooms, boolean retry) {}

  private final Map<String, List<ClosedRoomStatus>> done = new ConcurrentHashMap<>();

  /**
   * @param running the networks whose servers are running (matrix, xmpp, irc); elsewhere closing waits
   */
  Outcome sync(WestchatCommunity community, Set<String> running, RoomActions actions, Record events) {
    String uid = community.getMetadata().getUid();
    List<ClosedRoomStatus> before = done.getOrDefault(uid, stored(community));
    Map<String, ClosedRoomStatus> previous = new LinkedHashMap<>();
    before.forEach(entry -> previous.put(key(entry.network.name(), entry.room), entry));

    List<ClosedRoomStatus> now = new ArrayList<>();
    boolean retry = false;
    for (ClosedRoom entry : community.getSpec().moderation.closedRooms) {
      ClosedRoomStatus old = previous.remove(key(entry.network.name(), entry.room));
      ClosedRoomStatus status = new ClosedRoomStatus();
      status.network = entry.network;
      status.room = entry.room;
      status.reason = entry.reason;
      for (Target target : ClosureTargets.of(entry, community.getSpec())) {
        NetworkClosure result = close(community, target, entry, result(old, target), running, actions, events);
        retry |= !NetworkClosure.CLOSED.equals(result.state);
        status.results.add(result);
      }
      // a network the entry no longer reaches (switched off, or the room was renamed) keeps what was closed there
      if (old != null) {
        for (NetworkClosure stale : old.results) {
          if (status.results.stream().noneMatch(r -> r.network.equals(stale.network) && r.target.equals(stale.target))) {
            reopen(community, old, stale, running, actions, events).ifPresent(status.results::add);
          }
        }
      }
      now.add(status);
    }
    for (ClosedRoomStatus removed : previous.values()) {
      ClosedRoomStatus left = new ClosedRoomStatus();
      left.network = removed.network;
      left.room = removed.room;
      left.reason = removed.reason;
      for (NetworkClosure closure : removed.results) {
        reopen(community, removed, closure, running, actions, events).ifPresent(left.results::add);
      }
      if (!left.results.isEmpty()) {
        now.add(left);
        retry = true;
      }
    }
    done.put(uid, now);
    return new Outcome(now, retry);
  }

  private static NetworkClosure close(WestchatCommunity community, Target target, ClosedRoom entry, NetworkClosure old,
      Set<String> running, RoomActions actions, Record events) {
    if (old != null && NetworkClosure.CLOSED.equals(old.state)) {
      return old;
    }
    if (!target.enabled()) {
      return new NetworkClosure(target.network(), target.room(), null, NetworkClosure.FAILED,
          "the community does not run " + target.network() + " (spec." + target.network() + ".enabled is false)");
    }
    if (!running.contains(target.network())) {
      return new NetworkClosure(target.network(), target.room(), null, NetworkClosure.WAITING,
          "waiting for the " + target.network() + " server to run");
    }
    try {
      NetworkClosure closed = actions.close(community, target, entry.reason);
      events.normal("RoomClosed", "Closed " + target.room() + " on " + target.network() + ": " + closed.message
          + " (reason: " + entry.reason + ")");
      return closed;
    } catch (Exception e) {
      String message = describe(e);
      if (old == null || !Objects.equals(old.message, message)) {
        events.warning("RoomCloseFailed", "Could not close " + target.room() + " on " + target.network() + ": "
            + message);
      }
      return new NetworkClosure(target.network(), target.room(), null, NetworkClosure.FAILED, message);
    }
  }

  /** @return the closure still to undo when reopening failed; empty when the room is open again */
  private static java.util.Optional<NetworkClosure> reopen(WestchatCommunity community, ClosedRoomStatus entry,
      NetworkClosure closure, Set<String> running, RoomActions actions, Record events) {
    boolean wasClosed = NetworkClosure.CLOSED.equals(closure.state) || NetworkClosure.REOPEN_FAILED.equals(closure.state);
    if (!wasClosed) {
      return java.util.Optional.empty();
    }
    if (!running.contains(closure.network)) {
      return java.util.Optional.of(new NetworkClosure(closure.network, closure.target, closure.roomId,
          NetworkClosure.REOPEN_FAILED, "waiting for the " + closure.network + " server to run to reopen the room"));
    }
    try {
      String answer = actions.reopen(community, closure);
      events.normal("RoomReopened", "Reopened " + closure.target + " on " + closure.network + ": " + answer
          + "; " + cannotBeUndone(closure.network));
      return java.util.Optional.empty();
    } catch (Exception e) {
      String message = describe(e);
      if (!Objects.equals(closure.message, message)) {
        events.warning("RoomReopenFailed", "Could not reopen " + closure.target + " on " + closure.network + ": "
            + message);
      }
      return java.util.Optional.of(new NetworkClosure(closure.network, closure.target, closure.roomId,
          NetworkClosure.REOPEN_FAILED, message));
    }
  }

  /** What reopening does not bring back, said when an entry is removed. */
  static String cannotBeUndone(String network) {
    return switch (network) {
      case ClosureTargets.MATRIX -> "the room's history was purged when it was closed and cannot be restored; "
          + "its members were not brought back";
      case ClosureTargets.XMPP -> "the destroyed room's settings and members cannot be restored; it starts empty";
      default -> "the channel's registration and settings were dropped when it was purged; it starts empty";
    };
  }

  private static NetworkClosure result(ClosedRoomStatus old, Target target) {
    if (old == null) {
      return null;
    }
    return old.results.stream().filter(r -> r.network.equals(target.network()) && r.target.equals(target.room()))
        .findFirst().orElse(null);
  }

  private static List<ClosedRoomStatus> stored(WestchatCommunity community) {
    return community.getStatus() == null || community.getStatus().closedRooms == null
        ? List.of() : community.getStatus().closedRooms;
  }

  private static String key(String network, String room) {
    return network + " " + room;
  }

  static String describe(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 400 ? message.substring(0, 400) + "..." : message;
  }
}
