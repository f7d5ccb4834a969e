package net.freedommessenger.westchat.status;

/** How one part of a community stands, in words a newcomer understands. */
public record PartState(Part part, String status, String reason, String message) {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public static PartState ready(Part part, String reason, String message) {
    return new PartState(part, TRUE, reason, message);
  }

  public static PartState failing(Part part, String reason, String message) {
    return new PartState(part, FALSE, reason, message);
  }

  public static PartState pending(Part part, String reason, String message) {
    return new PartState(part, UNKNOWN, reason, message);
  }

  public boolean isReady() {
    return TRUE.equals(status);
  }
}
