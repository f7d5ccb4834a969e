package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The bridge between XMPP and IRC (Biboumi, next to Prosody). */
public class XmppIrcBridge {

  @Default("true")
  @JsonPropertyDescription("Whether XMPP users reach the IRC channels through Biboumi at irc.<domain>. Needs spec.xmpp and "
      + "spec.irc enabled.")
  public Boolean enabled = true;

  @JsonPropertyDescription("CPU and memory for Biboumi.")
  public ResourceSettings resources;
}
