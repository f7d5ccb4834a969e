package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A room the admins closed. */
@ValidationRule(value = "self.network != 'community' || self.room.matches('" + Names.ROOM_PATTERN + "')",
    message = "with network 'community', room must be the name of a room of spec.rooms", fieldPath = ".room")
@ValidationRule(value = "self.network != 'matrix' || self.room.matches('^[!#][^:]+:.+$')",
    message = "with network 'matrix', room must be a room ID (!abc:example.org) or alias (#room:example.org)", fieldPath = ".room")
@ValidationRule(value = "self.network != 'xmpp' || self.room.matches('^[^@/ ]+@[^@/ ]+$')",
    message = "with network 'xmpp', room must be a group chat address such as room@conference.example.org", fieldPath = ".room")
@ValidationRule(value = "self.network != 'irc' || self.room.matches('^#[^ ,:]+$')",
    message = "with network 'irc', room must be a channel such as #room", fieldPath = ".room")
public class ClosedRoom {

  @Default("community")
  @JsonPropertyDescription("Where the room lives: 'community' closes a room of spec.rooms on every network; 'matrix', "
      + "'xmpp' or 'irc' close a room that a user opened on that network.")
  public RoomNetwork network = RoomNetwork.COMMUNITY;

  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("The room: a name from spec.rooms, a Matrix room ID or alias, an XMPP group chat address, or an IRC channel.")
  public String room;

  @Required
  @Size(min = 1, max = 500)
  @JsonPropertyDescription("Why the room is closed. Members are told this reason.")
  public String reason;
}
