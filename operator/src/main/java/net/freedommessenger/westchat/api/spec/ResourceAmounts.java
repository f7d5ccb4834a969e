package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** CPU and memory amounts for a container. */
public class ResourceAmounts {

  @Size(max = 32)
  @ValidationRule(value = Quantities.CPU_RULE, message = Quantities.CPU_MESSAGE)
  @JsonPropertyDescription("CPU, such as 250m (a quarter core) or 2.")
  public String cpu;

  @Size(max = 32)
  @ValidationRule(value = Quantities.STORAGE_RULE, message = "must be a memory size such as 256Mi or 2Gi")
  @JsonPropertyDescription("Memory, such as 512Mi or 2Gi.")
  public String memory;
}
