package net.freedommessenger.westchat.api.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How closing (or reopening) one room went on one network. */
public class NetworkClosure {

  /** The room is closed. */
  public static final String CLOSED = "Closed";
  /** Closing failed; it is tried again. */
  public static final String FAILED = "Failed";
  /** The network's server is not running yet; closing waits for it. */
  public static final String WAITING = "Waiting";
  /** The entry was removed but reopening failed; it is tried again. */
  public static final String REOPEN_FAILED = "ReopenFailed";

  @JsonPropertyDescription("matrix, xmpp or irc.")
  public String network;

  @JsonPropertyDescription("The room on that network: a Matrix alias or room ID, an XMPP group chat address, an IRC channel.")
  public String target;

  @JsonPropertyDescription("On Matrix, the ID of the room that was closed; the operator unblocks it when the entry is removed.")
  public String roomId;

  @JsonPropertyDescription("Closed; Failed (tried again); Waiting for the network's server; ReopenFailed after the entry "
      + "was removed (tried again).")
  public String state;

  @JsonPropertyDescription("What the server answered, in its words; on failure, why.")
  public String message;

  public NetworkClosure() {}

  public NetworkClosure(String network, String target, String roomId, String state, String message) {
    this.network = network;
    this.target = target;
    this.roomId = roomId;
    this.state = state;
    this.message = message;
  }
}
