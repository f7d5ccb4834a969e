package net.freedommessenger.westchat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.api.status.NetworkClosure;
import net.freedommessenger.westchat.api.status.RoomAddress;
import net.freedommessenger.westchat.api.status.RoomStatus;

/** The rooms of status.rooms with their address on each network and whether it works, then the closed rooms. */
final class RoomsReport {

  private RoomsReport() {}

  /** One network's line under a room: where users find it, and how it is there. */
  private record Line(String network, String address, String state) {}

  /** @return empty when the community has no rooms and closed none */
  static String describe(WestchatCommunityStatus status) {
    StringBuilder out = new StringBuilder();
    if (status.rooms != null && !status.rooms.isEmpty()) {
      Set<String> closed = closedCommunityRooms(status.closedRooms);
      out.append("\nRooms\n");
      List<List<Line>> rooms = status.rooms.stream().map(room -> lines(room, closed.contains(room.name))).toList();
      int width = addressWidth(rooms);
      for (int i = 0; i < rooms.size(); i++) {
        out.append("  ").append(status.rooms.get(i).name).append('\n').append(format(rooms.get(i), width));
      }
    }
    if (status.closedRooms != null && !status.closedRooms.isEmpty()) {
      out.append("\nClosed rooms\n");
      List<List<Line>> closures = status.closedRooms.stream().map(RoomsReport::lines).toList();
      int width = addressWidth(closures);
      for (int i = 0; i < closures.size(); i++) {
        out.append("  ").append(heading(status.closedRooms.get(i))).append('\n').append(format(closures.get(i), width));
      }
    }
    return out.toString();
  }

  /** Rooms of spec.rooms that the admins closed: their addresses do not work on purpose. */
  private static Set<String> closedCommunityRooms(List<ClosedRoomStatus> closedRooms) {
    return closedRooms == null ? Set.of() : closedRooms.stream().filter(c -> c.network == RoomNetwork.COMMUNITY)
        .map(c -> c.room).collect(Collectors.toSet());
  }

  private static List<Line> lines(RoomStatus room, boolean closed) {
    List<Line> lines = new ArrayList<>();
    add(lines, "Matrix", room.matrix, closed);
    add(lines, "XMPP", room.xmpp, closed);
    add(lines, "IRC", room.irc, closed);
    return lines;
  }

  /** A network the community does not run has no address at all, and no line. */
  private static void add(List<Line> lines, String network, RoomAddress address, boolean closed) {
    if (address == null) {
      return;
    }
    String state = closed ? "closed by the admins, see Closed rooms below"
        : Boolean.TRUE.equals(address.ready) ? "works"
        : address.message == null || address.message.isBlank() ? "does not work yet"
        : "does not work: " + address.message;
    lines.add(new Line(network, address.address == null ? "(no address yet)" : address.address, state));
  }

  private static List<Line> lines(ClosedRoomStatus room) {
    if (room.results == null || room.results.isEmpty()) {
      return List.of(new Line("", "", "not closed anywhere yet"));
    }
    return room.results.stream().map(r -> new Line(networkName(r.network), r.target == null ? "" : r.target, closure(r)))
        .toList();
  }

  private static String heading(ClosedRoomStatus room) {
    String where = room.network == null || room.network == RoomNetwork.COMMUNITY ? ", a room of the community"
        : " on " + networkName(room.network.name());
    return room.room + where + (room.reason == null || room.reason.isBlank() ? "" : " (reason: \"" + room.reason + "\")");
  }

  private static String closure(NetworkClosure result) {
    String why = result.message == null || result.message.isBlank() ? "" : ": " + result.message;
    if (result.state == null) {
      return "no result yet";
    }
    return switch (result.state) {
      case NetworkClosure.CLOSED -> "closed";
      case NetworkClosure.FAILED -> "closing failed, the operator tries again" + why;
      case NetworkClosure.WAITING -> "waits for the " + networkName(result.network) + " server to run";
      case NetworkClosure.REOPEN_FAILED -> "reopening failed, the operator tries again" + why;
      default -> result.state + why;
    };
  }

  private static String networkName(String network) {
    if (network == null) {
      return "";
    }
    return switch (network.toLowerCase(java.util.Locale.ROOT)) {
      case "matrix" -> "Matrix";
      case "xmpp" -> "XMPP";
      case "irc" -> "IRC";
      default -> network;
    };
  }

  private static int addressWidth(List<List<Line>> groups) {
    return groups.stream().flatMap(List::stream).mapToInt(l -> l.address().length()).max().orElse(0);
  }

  private static String format(List<Line> lines, int addressWidth) {
    StringBuilder out = new StringBuilder();
    for (Line line : lines) {
      out.append(String.format("    %-8s%-" + Math.max(1, addressWidth) + "s  %s", line.network(), line.address(),
          line.state()).stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
