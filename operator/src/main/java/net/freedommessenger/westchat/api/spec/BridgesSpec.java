package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Bridges between the networks and how they are kept working. */
public class BridgesSpec {

  @Default("{}")
  @JsonPropertyDescription("Matrix <-> IRC bridge.")
  public MatrixIrcBridge matrixIrc = new MatrixIrcBridge();

  @Default("{}")
  @JsonPropertyDescription("XMPP <-> IRC bridge.")
  public XmppIrcBridge xmppIrc = new XmppIrcBridge();

  @Default("{}")
  @JsonPropertyDescription("When the operator restarts a bridge that stopped working, and when it gives up.")
  public SelfHealing selfHealing = new SelfHealing();
}
