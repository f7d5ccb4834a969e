package net.freedommessenger.westchat.model.rooms;

import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.model.moderation.ClosureTargets;

/** The rooms a community's spec asks for, per network. */
public final class CommunityRooms {

  private CommunityRooms() {}

  /** Whether newcomers on Matrix join a welcome room whose topic is the rules. */
  public static boolean hasWelcomeRoom(WestchatCommunitySpec spec) {
    return spec.matrix.enabled && spec.rules != null && !spec.rules.isBlank();
  }

  public static String welcomeAlias(WestchatCommunitySpec spec) {
    return "#" + Names.WELCOME_ROOM + ":" + spec.domain;
  }

  /**
   * The rooms of spec.rooms the operator keeps: all but those the admins closed, which the room
   * steps leave alone, or they would bring back what was closed.
   */
  public static List<Room> open(WestchatCommunitySpec spec) {
    var closed = ClosureTargets.closedCommunityRooms(spec);
    return spec.rooms.stream().filter(r -> !closed.contains(r.name)).toList();
  }

  /** The welcome room (when there are rules), then every open room of spec.rooms, as Synapse should have them. */
  public static List<MatrixRoom> matrix(WestchatCommunitySpec spec) {
    List<MatrixRoom> rooms = new ArrayList<>();
    if (!spec.matrix.enabled) {
      return rooms;
    }
    if (hasWelcomeRoom(spec)) {
      rooms.add(new MatrixRoom(Names.WELCOME_ROOM, spec.domain, "Welcome", spec.rules.strip(), true));
    }
    for (Room room : open(spec)) {
      rooms.add(new MatrixRoom(room.name, spec.domain, room.name, room.topic, false));
    }
    return rooms;
  }
}
