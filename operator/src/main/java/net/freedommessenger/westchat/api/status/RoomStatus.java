package net.freedommessenger.westchat.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A room's addresses on each network. */
public class RoomStatus {

  @JsonPropertyDescription("The room's name in spec.rooms.")
  public String name;

  @JsonPropertyDescription("The room on Matrix.")
  public RoomAddress matrix;

  @JsonPropertyDescription("The room on XMPP.")
  public RoomAddress xmpp;

  @JsonPropertyDescription("The room on IRC.")
  public RoomAddress irc;
}
