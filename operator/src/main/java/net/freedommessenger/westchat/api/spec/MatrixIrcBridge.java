package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The bridge between Matrix rooms and IRC channels. */
public class MatrixIrcBridge {

  @Default("true")
  @JsonPropertyDescription("Whether Matrix rooms are bridged to the IRC channels. Needs spec.matrix and spec.irc enabled.")
  public Boolean enabled = true;

  // Heisenbridge is the default because it is the bridge the project's tests run for real (from PyPI);
  // matrix-appservice-irc cannot be installed from any registry the tests reach (docs/matrix-irc-bridges.md).
  @Default("heisenbridge")
  @JsonPropertyDescription("Which bridge runs: 'heisenbridge' (the default: a relay bridge, Matrix messages appear on IRC "
      + "through one relay nick) or 'appservice-irc' (matrix-appservice-irc, each Matrix user appears on IRC under their "
      + "own nick; not run by the operator's tests, see docs/matrix-irc-bridges.md).")
  public BridgeImplementation implementation = BridgeImplementation.HEISENBRIDGE;

  @JsonPropertyDescription("CPU and memory for the bridge.")
  public ResourceSettings resources;
}
