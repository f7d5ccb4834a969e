package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A persistent volume the operator claims for one part. */
public class VolumeSpec {

  @Size(max = 32)
  @ValidationRule(value = Quantities.STORAGE_RULE, message = Quantities.STORAGE_MESSAGE)
  @JsonPropertyDescription("Size of the volume, such as 10Gi. Growing it later works where the storage class allows expansion.")
  public String storage;

  @Size(max = 253)
  @JsonPropertyDescription("Storage class of the volume. Empty means the cluster's default storage class.")
  public String storageClassName;

  public VolumeSpec() {}

  public VolumeSpec(String storage) {
    this.storage = storage;
  }

  /**
   * The size asked for, or the part's own default: the CRD fills in the default size only when the
   * whole volume is left out, so {@code media: {storageClassName: fast}} arrives without a size.
   */
  public String storageOr(String partDefault) {
    return storage != null ? storage : partDefault;
  }
}
