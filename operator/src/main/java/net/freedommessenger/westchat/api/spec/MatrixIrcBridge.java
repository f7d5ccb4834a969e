package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The bridge between Matrix rooms and IRC channels. */
public class MatrixIrcBridge {

  @Default("true")
  @JsonPropertyDescription("Whether Matrix rooms are bridged to the IRC channels. Needs spec.matrix and spec.irc enabled.")
  public Boolean enabled = true;

  @Default("appservice-irc")
  @JsonPropertyDescription("Which bridge runs: 'appservice-irc' (matrix-appservice-irc, each Matrix user appears on IRC "
      + "under their own nick) or 'heisenbridge' (a lighter relay bridge).")
  public BridgeImplementation implementation = BridgeImplementation.APPSERVICE_IRC;

  @JsonPropertyDescription("CPU and memory for the bridge.")
  public ResourceSettings resources;
}
