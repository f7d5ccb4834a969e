package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The Matrix part of the community: Synapse and its database. */
public class MatrixSpec {

  public static final String MEDIA_STORAGE = "20Gi";

  @Default("true")
  @JsonPropertyDescription("Whether the community runs a Matrix homeserver (Synapse).")
  public Boolean enabled = true;

  @Default("optional")
  @JsonPropertyDescription("End-to-end encryption of Matrix rooms: 'optional' lets users encrypt rooms that are not bridged "
      + "(bridged rooms cannot be encrypted), 'required' encrypts every new room and cannot be combined with the Matrix-IRC "
      + "bridge, 'off' disables encryption for new rooms.")
  public Encryption encryption = Encryption.OPTIONAL;

  @Default("{\"managed\":{}}")
  @JsonPropertyDescription("The PostgreSQL database of Synapse and the Matrix-IRC bridge: managed by the operator (default) or external.")
  public DatabaseSpec database = DatabaseSpec.managedByOperator();

  @Default("{\"storage\":\"" + MEDIA_STORAGE + "\"}")
  @JsonPropertyDescription("The volume for uploaded media (pictures, files) and the media cache.")
  public VolumeSpec media = new VolumeSpec(MEDIA_STORAGE);

  @JsonPropertyDescription("CPU and memory for Synapse.")
  public ResourceSettings resources;
}
