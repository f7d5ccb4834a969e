package net.freedommessenger.westchat.model.workload;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.spec.ResourceAmounts;
import net.freedommessenger.westchat.api.spec.ResourceSettings;

/** Requests and limits: the operator's defaults for a part, with what the spec overrides. */
public record ContainerResources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {

  public ResourceRequirements with(ResourceSettings overrides) {
    ResourceAmounts requests = overrides == null ? null : overrides.requests;
    ResourceAmounts limits = overrides == null ? null : overrides.limits;
    return new ResourceRequirementsBuilder()
        .withRequests(amounts(pick(requests == null ? null : requests.cpu, cpuRequest),
            pick(requests == null ? null : requests.memory, memoryRequest)))
        .withLimits(amounts(pick(limits == null ? null : limits.cpu, cpuLimit),
            pick(limits == null ? null : limits.memory, memoryLimit)))
        .build();
  }

  private static String pick(String override, String fallback) {
    return override != null && !override.isBlank() ? override : fallback;
  }

  private static Map<String, Quantity> amounts(String cpu, String memory) {
    Map<String, Quantity> amounts = new TreeMap<>();
    if (cpu != null) {
      amounts.put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      amounts.put("memory", new Quantity(memory));
    }
    return amounts;
  }
}
