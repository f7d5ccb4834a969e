package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which program bridges Matrix and IRC. */
public enum BridgeImplementation {
  @JsonProperty("appservice-irc") APPSERVICE_IRC,
  @JsonProperty("heisenbridge") HEISENBRIDGE
}
