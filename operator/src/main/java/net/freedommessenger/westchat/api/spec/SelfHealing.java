package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How the operator restarts bridges that stopped working. */
public class SelfHealing {

  @Default("5m")
  @Size(max = 16)
  @ValidationRule(value = Quantities.DURATION_RULE, message = Quantities.DURATION_MESSAGE)
  @JsonPropertyDescription("How long a bridge may be not Ready before the operator restarts it, such as 5m.")
  public String restartAfter = "5m";

  @Default("5")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Restarts in a row, with growing pauses, before the operator stops and reports why in the Bridges condition. 0 never restarts.")
  public Integer maxRestarts = 5;
}
