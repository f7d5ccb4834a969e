package net.freedommessenger.westchat.status;

/** The condition types of a community, one per part plus Ready. */
public enum Part {
  MATRIX("Matrix"),
  XMPP("XMPP"),
  IRC("IRC"),
  BRIDGES("Bridges"),
  ROOMS("Rooms");

  public static final String READY = "Ready";

  private final String conditionType;

  Part(String conditionType) {
    this.conditionType = conditionType;
  }

  public String conditionType() {
    return conditionType;
  }
}
