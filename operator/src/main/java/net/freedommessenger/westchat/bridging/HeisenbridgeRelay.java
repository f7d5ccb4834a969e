package net.freedommessenger.westchat.bridging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes Heisenbridge relay one Matrix room to one IRC channel, the way its owner would: by talking
 * to the bridge's bot. Heisenbridge keeps its networks and rooms in its own Matrix account data and
 * takes no config file, so this is the only way to set it up.
 *
 * <p>The steps, each skipped when already done: find (or open) the owner's control room with the
 * bot; ADDNETWORK and ADDSERVER there; OPEN the network, which gives the owner a network room;
 * CONNECT there until STATUS says connected; invite the bot to the Matrix room and PLUMB the
 * channel to it. The relay exists once the bot has joined the room; then nothing is sent.
 *
 * <p>Use: {@code new HeisenbridgeRelay(synapseUrl, ownerToken, "@heisenbridge:example.org")
 * .ensure(new Target("ergo", 6667, "westchat", "#lobby", "!room:example.org"))}. The token is
 * the bridge owner's (the account Heisenbridge was started with as {@code -o}); the owner must be
 * in the room and allowed to invite. Calls block until Heisenbridge has answered, at most
 * {@link #REPLY_TIMEOUT} per step.
 */
public final class HeisenbridgeRelay {

  static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(300);
  /** "Inviting back to westchat (!id:domain)" and "You are already in westchat (!id:domain)" end in the room's id. */
  private static final Pattern ROOM_ID_AT_END = Pattern.compile("\\((![^)\\s]+)\\)$");

  /**
   * One relay.
   *
   * @param ircHost the IRC server as Heisenbridge reaches it
   * @param ircPort its plain-text port
   * @param network the name Heisenbridge gives the IRC network (also the network room's name)
   * @param channel the channel, such as "#lobby"
   * @param roomId the Matrix room's id, such as "!abc:example.org"
   */
  public record Target(String ircHost, int ircPort, String network, String channel, String roomId) {}

  /** What was done, in order; empty when the relay already existed. */
  public record Outcome(List<String> actions) {
    public boolean changed() {
      return !actions.isEmpty();
    }
  }

  private final MatrixClient matrix;
  private final String botUserId;

  /**
   * @param synapseUrl Synapse's client API
   * @param ownerAccessToken access token of the bridge's owner (the operator's Matrix account)
   * @param botUserId the bridge's bot, "@" + the registration's sender_localpart + ":" + domain
   */
  public HeisenbridgeRelay(String synapseUrl, String ownerAccessToken, String botUserId) {
    this.matrix = new MatrixClient(synapseUrl, ownerAccessToken);
    this.botUserId = botUserId;
  }

  /** Ensures the relay; idempotent. */
  public Outcome ensure(Target target) throws IOException {
    List<String> actions = new ArrayList<>();
    if ("join".equals(matrix.membership(target.roomId(), botUserId))) {
      return new Outcome(actions);
    }
    String me = matrix.get("/_matrix/client/v3/account/whoami").path("user_id").asText();
    String control = controlRoom(me, actions);
    command(control, "ADDNETWORK " + target.network(), t -> t.equals("Network added.") || t.equals("Network already exists"),
        actions);
    command(control, "ADDSERVER " + target.network() + " " + target.ircHost() + " " + target.ircPort(),
        t -> t.equals("Server added.") || t.equals("This server already exists."), actions);
    String network = networkRoom(me, control, target.network(), actions);
    connect(network, actions);
    String botInRoom = matrix.membership(target.roomId(), botUserId);
    if (!"invite".equals(botInRoom)) {
      matrix.post("/_matrix/client/v3/rooms/" + MatrixClient.encode(target.roomId()) + "/invite", Map.of("user_id", botUserId));
      actions.add("invited " + botUserId + " to " + target.roomId());
    }
    String plumb = matrix.sendText(network, "PLUMB " + target.roomId() + " " + target.channel());
    actions.add("PLUMB " + target.roomId() + " " + target.channel());
    awaitReply(network, plumb, t -> t.startsWith("Plumbed ") || t.startsWith("Failed"));
    await(() -> "join".equals(matrix.membership(target.roomId(), botUserId)), "the bot to join " + target.roomId());
    return new Outcome(actions);
  }

  /** The owner's direct room with the bot: joined, or offered by the bot, or opened now. */
  private String controlRoom(String me, List<String> actions) throws IOException {
    Optional<String> joined = joinedRoom(me, null);
    if (joined.isPresent()) {
      return joined.get();
    }
    Optional<String> offered = invitation(sync(null, 0), null);
    if (offered.isPresent()) {
      matrix.post("/_matrix/client/v3/join/" + MatrixClient.encode(offered.get()), Map.of());
      actions.add("joined the control room the bridge opened");
      return offered.get();
    }
    String room = matrix.post("/_matrix/client/v3/createRoom", Map.of("preset", "trusted_private_chat", "is_direct", true,
        "invite", List.of(botUserId))).path("room_id").asText();
    actions.add("opened a control room with " + botUserId);
    await(() -> "join".equals(matrix.membership(room, botUserId)), "the bot to accept the control room");
    return room;
  }

  private String networkRoom(String me, String control, String name, List<String> actions) throws IOException {
    Optional<String> joined = joinedRoom(me, name);
    if (joined.isPresent()) {
      return joined.get();
    }
    // invitations are only seen through sync; start from here so the coming one is in the next answers
    String since = sync(null, 0).path("next_batch").asText();
    Optional<String> pending = invitation(sync(null, 0), name);
    String open = matrix.sendText(control, "OPEN " + name);
    actions.add("OPEN " + name);
    String answer = awaitReply(control, open, t -> t.startsWith("You have been invited") || t.startsWith("Inviting back")
        || t.startsWith("You are already in"));
    String room;
    Matcher id = ROOM_ID_AT_END.matcher(answer);
    if (id.find()) {
      room = id.group(1);
    } else if (pending.isPresent()) {
      room = pending.get();
    } else {
      room = awaitInvitation(since, name);
    }
    if (!"join".equals(matrix.membership(room, me))) {
      matrix.post("/_matrix/client/v3/join/" + MatrixClient.encode(room), Map.of());
    }
    return room;
  }

  private void connect(String network, List<String> actions) throws IOException {
    if (connected(network)) {
      return;
    }
    String connect = matrix.sendText(network, "CONNECT");
    actions.add("CONNECT");
    // the bridge passes on the server's welcome (001) once registered; asking STATUS in a loop would hit the rate limit
    awaitReply(network, connect, t -> t.contains("Welcome to") || t.startsWith("Failed to connect")
        || t.startsWith("Connection timed out") || t.startsWith("No servers"));
    if (!connected(network)) {
      throw new IOException("Heisenbridge did not connect to the IRC network; see its network room");
    }
  }

  private boolean connected(String network) throws IOException {
    String status = matrix.sendText(network, "STATUS");
    String answer = awaitReply(network, status, t -> t.startsWith("Connected for") || t.startsWith("Not connected"));
    return answer.startsWith("Connected for");
  }

  private void command(String room, String command, Predicate<String> reply, List<String> actions) throws IOException {
    String sent = matrix.sendText(room, command);
    String answer = awaitReply(room, sent, reply.or(t -> t.startsWith("Network does not exist")));
    if (!reply.test(answer)) {
      throw new IOException("Heisenbridge refused " + command.split(" ")[0] + ": " + answer);
    }
    if (answer.endsWith("added.")) {
      actions.add(command);
    }
  }

  /**
   * A joined room where the owner and the bot are the only members: the one named name, or with
   * name null the unnamed one (Heisenbridge names network rooms after the network, not the control room).
   */
  private Optional<String> joinedRoom(String me, String name) throws IOException {
    for (JsonNode room : matrix.get("/_matrix/client/v3/joined_rooms").path("joined_rooms")) {
      String id = room.asText();
      Set<String> members = new HashSet<>();
      matrix.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(id) + "/joined_members").path("joined").fieldNames()
          .forEachRemaining(members::add);
      if (members.equals(Set.of(me, botUserId)) && Objects.equals(name, roomName(id))) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  private String roomName(String roomId) throws IOException {
    try {
      String name = matrix.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(roomId) + "/state/m.room.name").path("name")
          .asText("");
      return name.isEmpty() ? null : name;
    } catch (MatrixClient.MatrixCallFailed e) {
      return null;
    }
  }

  /**
   * One sync of invitations only. A first sync (since null) with the same parameters is answered
   * from Synapse's cache for a while, so waiting for something new needs a since token.
   */
  private JsonNode sync(String since, int timeoutMillis) throws IOException {
    return matrix.get("/_matrix/client/v3/sync?timeout=" + timeoutMillis
        + (since == null ? "" : "&since=" + MatrixClient.encode(since)) + "&filter="
        + MatrixClient.encode("{\"room\":{\"timeline\":{\"limit\":0},\"state\":{\"lazy_load_members\":true}},"
        + "\"presence\":{\"not_types\":[\"*\"]},\"account_data\":{\"not_types\":[\"*\"]}}"));
  }

  private String awaitInvitation(String since, String name) throws IOException {
    long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
    String token = since;
    while (System.nanoTime() < deadline) {
      JsonNode answer = sync(token, 2000);
      Optional<String> found = invitation(answer, name);
      if (found.isPresent()) {
        return found.get();
      }
      token = answer.path("next_batch").asText(token);
    }
    throw new IOException("waited " + REPLY_TIMEOUT.toSeconds() + " s for the bridge's invitation to the room " + name);
  }

  /** A pending invitation from the bot to a room of that name (null: to an unnamed room). */
  private Optional<String> invitation(JsonNode sync, String name) {
    JsonNode invites = sync.path("rooms").path("invite");
    var ids = invites.fieldNames();
    while (ids.hasNext()) {
      String id = ids.next();
      String inviter = null;
      String roomName = null;
      for (JsonNode event : invites.path(id).path("invite_state").path("events")) {
        if (event.path("type").asText().equals("m.room.member") && event.path("content").path("membership").asText().equals("invite")) {
          inviter = event.path("sender").asText();
        }
        if (event.path("type").asText().equals("m.room.name")) {
          roomName = event.path("content").path("name").asText(null);
        }
      }
      if (botUserId.equals(inviter) && Objects.equals(name, roomName)) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  /** The first line of the bot's notices after the given event that the test accepts. */
  private String awaitReply(String room, String afterEvent, Predicate<String> accepted) throws IOException {
    long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> notices = new ArrayList<>();
      for (JsonNode event : matrix.get("/_matrix/client/v3/rooms/" + MatrixClient.encode(room) + "/messages?dir=b&limit=100")
          .path("chunk")) {
        if (event.path("event_id").asText().equals(afterEvent)) {
          break;
        }
        if (event.path("sender").asText().equals(botUserId) && event.path("type").asText().equals("m.room.message")) {
          // the bridge sends notices that follow each other quickly as one message of several lines
          notices.addAll(0, List.of(event.path("content").path("body").asText().split("\n")));
        }
      }
      for (String notice : notices) {
        if (accepted.test(notice)) {
          return notice;
        }
      }
      sleep();
    }
    throw new IOException("Heisenbridge did not answer within " + REPLY_TIMEOUT.toSeconds() + " s");
  }

  private interface Check {
    boolean holds() throws IOException;
  }

  private static void await(Check check, String what) throws IOException {
    long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return;
      }
      sleep();
    }
    throw new IOException("waited " + REPLY_TIMEOUT.toSeconds() + " s for " + what);
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
