package net.freedommessenger.westchat.status;

/** What the operator saw of one room on one network: working, or why not. */
public record RoomProgress(boolean ready, String message) {

  public static final RoomProgress NOT_SET_UP = new RoomProgress(false, "not set up yet");

  public static RoomProgress working() {
    return new RoomProgress(true, null);
  }

  public static RoomProgress notWorking(String why) {
    return new RoomProgress(false, why);
  }
}
