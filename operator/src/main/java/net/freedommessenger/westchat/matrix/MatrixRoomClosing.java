package net.freedommessenger.westchat.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Closes a Matrix room the way Synapse lets a server admin: the room is blocked (no local user can
 * join or recreate it), its members are removed and its history purged. Members are moved into a
 * new room made by the operator's account, where the reason is the first message, and the room's
 * local aliases move there with them, so nobody can take the alias over. Reopening unblocks the
 * room id and frees the alias; the purged history is gone for good.
 */
public final class MatrixRoomClosing {

  /** What closing did: the room id it closed (empty when the alias had no room) and a summary for the status. */
  public record Closed(Optional<String> roomId, String summary) {}

  private final SynapseAdminApi api;
  private final String operatorUserId;
  private final Duration pollEvery;
  private final Duration pollFor;

  /**
   * @param operatorUserId the operator's account, which makes the room members are moved to
   * @param pollFor how long to wait for Synapse's deletion to finish before reporting it as still running
   */
  public MatrixRoomClosing(SynapseAdminApi api, String operatorUserId, Duration pollEvery, Duration pollFor) {
    this.api = api;
    this.operatorUserId = operatorUserId;
    this.pollEvery = pollEvery;
    this.pollFor = pollFor;
  }

  /** The options of the delete request: block, purge, and the reason given to members in the new room. */
  public Map<String, Object> deleteOptions(String reason) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("block", true);
    options.put("purge", true);
    options.put("force_purge", true);
    options.put("new_room_user_id", operatorUserId);
    options.put("room_name", "Room closed by the admins");
    options.put("message", reason);
    return options;
  }

  /**
   * @param room a room id (!abc:domain) or alias (#name:domain)
   * @throws SynapseAdminApi.MatrixError when Synapse refuses, or reports the deletion failed
   * @throws IOException when Synapse cannot be reached, or the deletion did not finish in time
   */
  public Closed close(String token, String room, String reason) throws IOException, SynapseAdminApi.MatrixError {
    Optional<String> roomId = room.startsWith("!") ? Optional.of(room) : api.resolveAlias(token, room);
    if (roomId.isEmpty()) {
      return new Closed(Optional.empty(), "no room has the alias " + room + ", so there is nothing to close");
    }
    String deleteId = api.deleteRoom(token, roomId.get(), deleteOptions(reason));
    JsonNode status = awaitDeletion(token, deleteId);
    JsonNode shutdown = status.path("shutdown_room");
    int removed = shutdown.path("kicked_users").size();
    int failed = shutdown.path("failed_to_kick_users").size();
    return new Closed(roomId, "closed " + roomId.get() + ": blocked, history purged, " + removed + " member(s) removed"
        + (failed > 0 ? ", " + failed + " could not be removed" : ""));
  }

  private JsonNode awaitDeletion(String token, String deleteId) throws IOException, SynapseAdminApi.MatrixError {
    long deadline = System.nanoTime() + pollFor.toNanos();
    while (true) {
      JsonNode status = api.deleteStatus(token, deleteId);
      String state = status.path("status").asText();
      if ("complete".equals(state)) {
        return status;
      }
      if ("failed".equals(state)) {
        throw new IOException("Synapse could not delete the room: " + status.path("error").asText("no reason given"));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("Synapse was still deleting the room (" + state + ") after " + pollFor.toSeconds() + "s");
      }
      try {
        Thread.sleep(pollEvery.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Synapse to delete a room", e);
      }
    }
  }

  /**
   * Unblocks the room id, so it may be used again, and frees the alias, which closing moved to the
   * operator's notice room, so that someone may create a room with it again.
   *
   * @param alias the alias the room was closed by, or null when it was closed by id
   */
  public String reopen(String token, String roomId, String alias) throws IOException, SynapseAdminApi.MatrixError {
    if (roomId != null) {
      api.setRoomBlocked(token, roomId, false);
    }
    if (alias != null && api.resolveAlias(token, alias).isPresent()) {
      api.deleteAlias(token, alias);
    }
    return "reopened" + (roomId == null ? "" : " " + roomId) + (alias == null ? "" : "; the alias " + alias + " is free again")
        + "; its purged history cannot be restored";
  }
}
