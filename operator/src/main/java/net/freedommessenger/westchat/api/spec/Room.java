package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A room that exists on every enabled network. */
public class Room {

  @Required
  @Size(min = 1, max = 50)
  @ValidationRule(value = "self.matches('" + Names.ROOM_PATTERN + "')", message = Names.ROOM_RULE)
  @ValidationRule(value = "self != '" + Names.WELCOME_ROOM + "'",
      message = "'" + Names.WELCOME_ROOM + "' is the Matrix welcome room that shows spec.rules; choose another name")
  @JsonPropertyDescription("Room name: the IRC channel #<name>, the Matrix alias #<name>:<domain> and the XMPP room "
      + "#<name>@irc.<domain>. 1-50 characters of a-z, 0-9, '-' and '_'.")
  public String name;

  @Size(max = 300)
  @JsonPropertyDescription("Topic shown in the room on every network.")
  public String topic;

  public Room() {}

  public Room(String name, String topic) {
    this.name = name;
    this.topic = topic;
  }
}
