package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** End-to-end encryption of Matrix rooms. */
public enum Encryption {
  @JsonProperty("optional") OPTIONAL,
  @JsonProperty("required") REQUIRED,
  @JsonProperty("off") OFF
}
