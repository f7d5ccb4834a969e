package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A PostgreSQL server the operator runs for the community. */
public class ManagedDatabase {

  @Default("10Gi")
  @Size(max = 32)
  @ValidationRule(value = Quantities.STORAGE_RULE, message = Quantities.STORAGE_MESSAGE)
  @JsonPropertyDescription("Size of the database volume, such as 10Gi.")
  public String storage = "10Gi";

  @Size(max = 253)
  @JsonPropertyDescription("Storage class of the database volume. Empty means the cluster's default storage class.")
  public String storageClassName;

  @JsonPropertyDescription("CPU and memory for PostgreSQL.")
  public ResourceSettings resources;
}
