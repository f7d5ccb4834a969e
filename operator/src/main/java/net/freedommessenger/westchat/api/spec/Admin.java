package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An administrator of the community, with the same name on every network. */
public class Admin {

  @Required
  @Size(min = 1, max = 32)
  @ValidationRule(value = "self.matches('" + Names.ACCOUNT_PATTERN + "')", message = Names.ACCOUNT_RULE)
  @ValidationRule(value = "!(self in " + Names.RESERVED_ACCOUNTS + ")",
      message = "this name is reserved for the network services or the operator's own accounts")
  @JsonPropertyDescription("Account name on every network: @<name>:<domain> on Matrix, <name>@<domain> on XMPP, "
      + "the nick <name> on IRC. 1-32 characters of a-z, 0-9, '-' and '_', starting with a letter.")
  public String name;

  public Admin() {}

  public Admin(String name) {
    this.name = name;
  }
}
