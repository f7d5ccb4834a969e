package net.freedommessenger.westchat.status;

/**
 * What the operator saw of one room on one network: working, or why not; on Matrix also the
 * room's ID once the room exists, working or not.
 */
public record RoomProgress(boolean ready, String message, String roomId) {

  public static final RoomProgress NOT_SET_UP = new RoomProgress(false, "not set up yet", null);

  public static RoomProgress working() {
    return new RoomProgress(true, null, null);
  }

  public static RoomProgress notWorking(String why) {
    return new RoomProgress(false, why, null);
  }

  public RoomProgress withRoomId(String id) {
    return new RoomProgress(ready, message, id);
  }
}
