package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a room to be closed lives: a room of spec.rooms (on every network), or one network only. */
public enum RoomNetwork {
  @JsonProperty("community") COMMUNITY,
  @JsonProperty("matrix") MATRIX,
  @JsonProperty("xmpp") XMPP,
  @JsonProperty("irc") IRC
}
