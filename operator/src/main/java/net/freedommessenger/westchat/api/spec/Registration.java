package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who may create an account on the community's networks. */
public enum Registration {
  @JsonProperty("open") OPEN,
  @JsonProperty("invite") INVITE,
  @JsonProperty("closed") CLOSED
}
