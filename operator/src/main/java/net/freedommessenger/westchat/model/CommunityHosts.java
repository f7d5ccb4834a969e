package net.freedommessenger.westchat.model;

import net.freedommessenger.westchat.api.spec.Room;

/** Host names and addresses of a community, all derived from its domain. */
public record CommunityHosts(String domain) {

  public static final int IRC_TLS_PORT = 6697;

  public String matrixHost() {
    return "matrix." + domain;
  }

  public String matrixBaseUrl() {
    return "https://" + matrixHost();
  }

  public String conferenceHost() {
    return "conference." + domain;
  }

  public String uploadHost() {
    return "upload." + domain;
  }

  /**
   * Prosody's host for guests of the web chat: anonymous sessions without an account, reached only
   * through the web chat's WebSocket, so it needs no DNS record and no certificate name of its own.
   */
  public String guestHost() {
    return "guest." + domain;
  }

  /** The IRC server, and also the XMPP name of the XMPP-IRC gateway, so both read as "the IRC network". */
  public String ircHost() {
    return "irc." + domain;
  }

  public String matrixRoom(Room room) {
    return "#" + room.name + ":" + domain;
  }

  public String xmppRoom(Room room) {
    return "#" + room.name + "@" + ircHost();
  }

  public String ircChannel(Room room) {
    return "#" + room.name;
  }
}
