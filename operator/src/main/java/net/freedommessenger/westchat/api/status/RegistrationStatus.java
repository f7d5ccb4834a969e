package net.freedommessenger.westchat.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How people get an account, as far as the operator keeps something for it. Names Secrets, never values. */
public class RegistrationStatus {

  @JsonPropertyDescription("With spec.registration invite: the Secret whose key 'token' holds the community's Matrix "
      + "registration token, set once Synapse has the token. Hand the token to the people you invite; their client asks "
      + "for it when they sign up. The value is only in the Secret: kubectl get secret NAME -o jsonpath='{.data.token}' | "
      + "base64 -d")
  public String matrixTokenSecret;
}
