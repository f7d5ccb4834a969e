package net.freedommessenger.westchat.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.api.status.Endpoints;
import net.freedommessenger.westchat.api.status.RegistrationStatus;
import net.freedommessenger.westchat.api.status.RoomStatus;

/** What the operator observed. It never holds a secret. */
public class WestchatCommunityStatus {

  @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, and one condition per part: Matrix, XMPP, IRC, Bridges, Rooms. Each says in words what is "
      + "missing or failing.")
  public List<CommunityCondition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Where users and clients reach the community.")
  public Endpoints endpoints;

  @JsonPropertyDescription("Where the invitations people sign up with are kept (Secret names, never values).")
  public RegistrationStatus registration;

  @JsonPropertyDescription("Each room of spec.rooms with its address on every network.")
  public List<RoomStatus> rooms = new ArrayList<>();

  @JsonPropertyDescription("Each room of spec.moderation.closedRooms with the result on every network, and rooms whose "
      + "entry was removed while reopening them still fails.")
  public List<ClosedRoomStatus> closedRooms = new ArrayList<>();
}
