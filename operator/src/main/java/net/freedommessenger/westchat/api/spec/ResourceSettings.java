package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Requests and limits for a part's main container; unset amounts keep the operator's defaults. */
public class ResourceSettings {

  @JsonPropertyDescription("What the scheduler reserves for the container. Unset amounts keep the operator's defaults.")
  public ResourceAmounts requests;

  @JsonPropertyDescription("The most the container may use. Unset amounts keep the operator's defaults.")
  public ResourceAmounts limits;
}
