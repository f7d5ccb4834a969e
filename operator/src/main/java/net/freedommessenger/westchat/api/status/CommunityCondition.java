package net.freedommessenger.westchat.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One aspect of the community's state, in the shape kubectl and other tools expect of conditions. */
public class CommunityCondition {

  @JsonPropertyDescription("Ready, Matrix, XMPP, IRC, Bridges or Rooms.")
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription("A CamelCase word for programs, such as DatabaseNotReady.")
  public String reason;

  @JsonPropertyDescription("What is wrong and what to do about it, in words.")
  public String message;

  @JsonPropertyDescription("The metadata.generation of the spec this condition was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription("When status last changed, in RFC 3339 form.")
  public String lastTransitionTime;
}
