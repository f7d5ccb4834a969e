package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Whether the operator limits who may connect to each part of the community (docs/network-policies.md). */
public class NetworkPolicies {

  @Default("true")
  @JsonPropertyDescription("One NetworkPolicy per part: PostgreSQL only from Synapse and the bridge that keeps its data there, "
      + "the bridges' appservice ports only from Synapse, Ergo's plain IRC port only from the bridges, Prosody and the operator, "
      + "the chat ports open to everyone. They take effect only where the cluster's network enforces NetworkPolicies. "
      + "false deletes them, for a cluster whose own policies already decide.")
  public boolean enabled = true;
}
