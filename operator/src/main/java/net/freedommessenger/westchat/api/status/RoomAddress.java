package net.freedommessenger.westchat.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a room is on one network, and whether it works there. */
public class RoomAddress {

  @JsonPropertyDescription("The address users join, such as #lobby:example.org.")
  public String address;

  @JsonPropertyDescription("Whether the operator saw the room working on this network.")
  public Boolean ready;

  @JsonPropertyDescription("Why the room does not work on this network, when it does not.")
  public String message;

  @JsonPropertyDescription("Matrix only: the room's ID, once the operator has made the room. matrix-appservice-irc "
      + "is configured with it to bridge the room to its IRC channel.")
  public String roomId;
}
