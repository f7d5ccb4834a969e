package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret in the community's namespace. */
public class SecretReference {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the Secret, in the namespace of this WestchatCommunity.")
  public String name;

  public SecretReference() {}

  public SecretReference(String name) {
    this.name = name;
  }
}
