package net.freedommessenger.westchat.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Addresses of the community's services. */
public class Endpoints {

  @JsonPropertyDescription("Matrix client and federation base URL, such as https://matrix.example.org.")
  public String matrix;

  @JsonPropertyDescription("XMPP domain that clients log in to.")
  public String xmpp;

  @JsonPropertyDescription("XMPP group chat service.")
  public String xmppConference;

  @JsonPropertyDescription("IRC server address with its TLS port, such as irc.example.org:6697.")
  public String irc;
}
