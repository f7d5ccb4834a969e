package net.freedommessenger.westchat.e2e.servers;

/** A server that could not be started or stopped answering; the message carries the end of its log. */
public class ServerStartException extends RuntimeException {

  public ServerStartException(String message) {
    super(message);
  }

  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
