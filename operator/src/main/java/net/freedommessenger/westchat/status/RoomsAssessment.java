package net.freedommessenger.westchat.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.freedommessenger.westchat.api.status.RoomAddress;
import net.freedommessenger.westchat.api.status.RoomStatus;

/** The Rooms condition: every address of every room of spec.rooms works, or which do not and why. */
public final class RoomsAssessment {

  private static final int MAX_LISTED = 5;

  private RoomsAssessment() {}

  /** @param closed rooms the admins closed, which are not expected to work */
  public static PartState assess(List<RoomStatus> rooms, Set<String> closed) {
    if (rooms.isEmpty()) {
      return PartState.ready(Part.ROOMS, "NoRooms", "spec.rooms lists no rooms; users can still open their own.");
    }
    List<String> notWorking = new ArrayList<>();
    for (RoomStatus room : rooms) {
      if (closed.contains(room.name)) {
        continue;
      }
      for (RoomAddress address : new RoomAddress[] {room.matrix, room.irc, room.xmpp}) {
        if (address != null && !Boolean.TRUE.equals(address.ready)) {
          notWorking.add(address.address + " (" + address.message + ")");
        }
      }
    }
    if (notWorking.isEmpty()) {
      return PartState.ready(Part.ROOMS, "RoomsWorking", "Every room of spec.rooms works on every enabled network.");
    }
    String listed = String.join(", ", notWorking.subList(0, Math.min(MAX_LISTED, notWorking.size())))
        + (notWorking.size() > MAX_LISTED ? " and " + (notWorking.size() - MAX_LISTED) + " more" : "");
    return PartState.pending(Part.ROOMS, "RoomsNotWorking", "Not working yet: " + listed
        + ". The operator sets rooms up once their network answers; status.rooms tells each address.");
  }
}
