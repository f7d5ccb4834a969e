package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to volumes when the community resource is deleted. */
public enum DataRetention {
  @JsonProperty("Retain") RETAIN,
  @JsonProperty("Delete") DELETE
}
