package net.freedommessenger.westchat.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.spec.RoomNetwork;

/** A room of spec.moderation.closedRooms, and how closing it went on each network. */
public class ClosedRoomStatus {

  @JsonPropertyDescription("The network of the entry in spec.moderation.closedRooms.")
  public RoomNetwork network;

  @JsonPropertyDescription("The room as the entry names it.")
  public String room;

  @JsonPropertyDescription("The reason members were given.")
  public String reason;

  @JsonPropertyDescription("The result on each network the room was closed on. A 'community' room is closed on Matrix "
      + "and IRC; closing its IRC channel also closes it for XMPP users, who reach it through the IRC gateway.")
  public List<NetworkClosure> results = new ArrayList<>();
}
