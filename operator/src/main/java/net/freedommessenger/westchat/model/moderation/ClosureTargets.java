package net.freedommessenger.westchat.model.moderation;

import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.ClosedRoom;

/**
 * Where an entry of spec.moderation.closedRooms is closed: one room on its own network, or, for a
 * room of spec.rooms, its Matrix room {@code #<name>:<domain>} and its IRC channel {@code #<name>}.
 * XMPP users reach a community room through the IRC gateway (Biboumi), so closing the channel
 * closes it for them too.
 */
public final class ClosureTargets {

  public static final String MATRIX = "matrix";
  public static final String XMPP = "xmpp";
  public static final String IRC = "irc";

  /**
   * @param enabled false when the spec has that network switched off, so nothing can be closed there
   */
  public record Target(String network, String room, boolean enabled) {}

  private ClosureTargets() {}

  /**
   * The names of spec.rooms that the admins closed: the room set-up steps leave them alone, or they
   * would recreate what was closed.
   */
  public static java.util.Set<String> closedCommunityRooms(WestchatCommunitySpec spec) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (ClosedRoom entry : spec.moderation.closedRooms) {
      if (entry.network == net.freedommessenger.westchat.api.spec.RoomNetwork.COMMUNITY) {
        names.add(entry.room);
      }
    }
    return names;
  }

  public static List<Target> of(ClosedRoom entry, WestchatCommunitySpec spec) {
    return switch (entry.network) {
      // only where the community runs the network
      case COMMUNITY -> java.util.stream.Stream.of(
          new Target(MATRIX, "#" + entry.room + ":" + spec.domain, spec.matrix.enabled),
          new Target(IRC, "#" + entry.room, spec.irc.enabled)).filter(Target::enabled).toList();
      case MATRIX -> List.of(new Target(MATRIX, entry.room, spec.matrix.enabled));
      case XMPP -> List.of(new Target(XMPP, entry.room, spec.xmpp.enabled));
      case IRC -> List.of(new Target(IRC, entry.room, spec.irc.enabled));
    };
  }
}
