package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Federation of the Matrix and XMPP servers with other servers. */
public class Federation {

  @Default("true")
  @JsonPropertyDescription("Whether users of other Matrix and XMPP servers can talk with this community's users and join its rooms.")
  public Boolean enabled = true;

  @Default("[]")
  @Size(max = 500)
  @ValidationRule(value = "self.all(d, d.matches('^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?[.])+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$'))",
      message = "every entry must be a lowercase DNS name such as example.org")
  @JsonPropertyDescription("Domains to federate with. Empty means every server that federates in return.")
  public List<@Size(max = 253) String> allow = new ArrayList<>();
}
