package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** File sharing on XMPP (XEP-0363), served at upload.&lt;domain&gt;. */
public class UploadsSpec {

  @Default("5Gi")
  @Size(max = 32)
  @ValidationRule(value = Quantities.STORAGE_RULE, message = Quantities.STORAGE_MESSAGE)
  @JsonPropertyDescription("Size of the volume that holds Prosody's data and shared files, such as 5Gi.")
  public String storage = "5Gi";

  @Size(max = 253)
  @JsonPropertyDescription("Storage class of the volume. Empty means the cluster's default storage class.")
  public String storageClassName;

  @Default("100")
  @Min(1)
  @Max(10240)
  @JsonPropertyDescription("Largest file a user may share, in MiB.")
  public Integer maxFileSizeMiB = 100;
}
