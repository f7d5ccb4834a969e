package net.freedommessenger.westchat.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few Synapse calls the operator makes as the community's administrator. Secrets go into
 * request bodies only; no secret is ever part of an exception message.
 */
public class SynapseAdminApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String baseUrl;

  /** @param baseUrl Synapse's client API, such as http://westchat-synapse.chat.svc:8008 */
  public SynapseAdminApi(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** A server's answer that was not a success, with Matrix's errcode and error text. */
  public static class MatrixError extends Exception {
    private final int status;
    private final String errcode;

    MatrixError(String call, int status, JsonNode body) {
      super(call + " answered " + status + (body.hasNonNull("errcode") ? " " + body.get("errcode").asText() : "")
          + (body.hasNonNull("error") ? ": " + body.get("error").asText() : ""));
      this.status = status;
      this.errcode = body.path("errcode").asText("");
    }

    public int status() {
      return status;
    }

    public String errcode() {
      return errcode;
    }
  }

  /** Registers an account with the shared secret (HMAC-SHA1 over nonce, user, password, admin flag). */
  public void registerWithSharedSecret(String sharedSecret, String user, String password, boolean admin)
      throws IOException, MatrixError {
    String nonce = call("GET", "/_synapse/admin/v1/register", null, null).path("nonce").asText();
    call("POST", "/_synapse/admin/v1/register", null, Map.of(
        "nonce", nonce, "username", user, "password", password, "admin", admin,
        "mac", mac(sharedSecret, nonce + "\0" + user + "\0" + password + "\0" + (admin ? "admin" : "notadmin"))));
  }

  /** Logs in with a password and returns the access token. */
  public String login(String user, String password) throws IOException, MatrixError {
    return call("POST", "/_matrix/client/v3/login", null, Map.of(
        "type", "m.login.password",
        "identifier", Map.of("type", "m.id.user", "user", user),
        "password", password)).path("access_token").asText();
  }

  /** The room an alias points to; empty when the alias is free. */
  public java.util.Optional<String> roomOfAlias(String alias) throws IOException, MatrixError {
    try {
      return java.util.Optional.of(call("GET", "/_matrix/client/v3/directory/room/" + encode(alias), null, null)
          .path("room_id").asText());
    } catch (MatrixError e) {
      if (e.status() == 404) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  /** Creates a room as described (a createRoom request body) and returns its id. */
  public String createRoom(String token, Map<String, Object> request) throws IOException, MatrixError {
    return call("POST", "/_matrix/client/v3/createRoom", token, request).path("room_id").asText();
  }

  /** One state event's content; empty when the room has no such state. */
  public java.util.Optional<JsonNode> state(String token, String roomId, String type) throws IOException, MatrixError {
    try {
      return java.util.Optional.of(call("GET", "/_matrix/client/v3/rooms/" + encode(roomId) + "/state/" + type, token, null));
    } catch (MatrixError e) {
      if (e.status() == 404) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  public void putState(String token, String roomId, String type, Map<String, Object> content) throws IOException, MatrixError {
    call("PUT", "/_matrix/client/v3/rooms/" + encode(roomId) + "/state/" + type, token, content);
  }

  /** Whether the account exists and is a server admin; empty when it does not exist. */
  public java.util.Optional<Boolean> isAdmin(String token, String userId) throws IOException, MatrixError {
    try {
      return java.util.Optional.of(call("GET", "/_synapse/admin/v2/users/" + encode(userId), token, null)
          .path("admin").asBoolean(false));
    } catch (MatrixError e) {
      if (e.status() == 404) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  public void setAdmin(String token, String userId, boolean admin) throws IOException, MatrixError {
    call("PUT", "/_synapse/admin/v1/users/" + encode(userId) + "/admin", token, Map.of("admin", admin));
  }

  /** The room an alias points to; empty when no room has it. */
  public java.util.Optional<String> resolveAlias(String token, String alias) throws IOException, MatrixError {
    try {
      return java.util.Optional.of(call("GET", "/_matrix/client/v3/directory/room/" + encode(alias), token, null)
          .path("room_id").asText());
    } catch (MatrixError e) {
      if (e.status() == 404) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  /** Removes an alias from whatever room has it (a server admin may remove any local alias). */
  public void deleteAlias(String token, String alias) throws IOException, MatrixError {
    call("DELETE", "/_matrix/client/v3/directory/room/" + encode(alias), token, null);
  }

  /**
   * Starts the deletion of a room (Synapse's room delete API, version 2, which works in the
   * background) and returns the id to poll it with.
   */
  public String deleteRoom(String token, String roomId, Map<String, Object> options) throws IOException, MatrixError {
    return call("DELETE", "/_synapse/admin/v2/rooms/" + encode(roomId), token, options).path("delete_id").asText();
  }

  /** How a room deletion started with {@link #deleteRoom} is going: status, error and shutdown_room. */
  public JsonNode deleteStatus(String token, String deleteId) throws IOException, MatrixError {
    return call("GET", "/_synapse/admin/v2/rooms/delete_status/" + encode(deleteId), token, null);
  }

  /** Blocks or unblocks a room id: while blocked, no local user can join or create it. */
  public void setRoomBlocked(String token, String roomId, boolean blocked) throws IOException, MatrixError {
    call("PUT", "/_synapse/admin/v1/rooms/" + encode(roomId) + "/block", token, Map.of("block", blocked));
  }

  /** Whether a room id is blocked. */
  public boolean isRoomBlocked(String token, String roomId) throws IOException, MatrixError {
    return call("GET", "/_synapse/admin/v1/rooms/" + encode(roomId) + "/block", token, null).path("block").asBoolean(false);
  }

  /** Whether Synapse knows this registration token (an admin call); expired or used up counts as known. */
  public boolean registrationTokenExists(String token, String registrationToken) throws IOException, MatrixError {
    try {
      call("GET", "/_synapse/admin/v1/registration_tokens/" + encode(registrationToken), token, null);
      return true;
    } catch (MatrixError e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Creates a registration token with this value, valid for any number of sign-ups and without expiry. */
  public void createRegistrationToken(String token, String registrationToken) throws IOException, MatrixError {
    call("POST", "/_synapse/admin/v1/registration_tokens/new", token, Map.of("token", registrationToken));
  }

  private JsonNode call(String method, String path, String token, Object body) throws IOException, MatrixError {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling Synapse", e);
    }
    JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    if (response.statusCode() / 100 != 2) {
      // user ids and registration tokens stay out of messages, which end up in the status and the log
      throw new MatrixError(method + " " + path.replaceAll("/users/[^/]+", "/users/…")
          .replaceAll("/registration_tokens/(?!new$)[^/]+", "/registration_tokens/…"), response.statusCode(), answer);
    }
    return answer;
  }

  private static String encode(String userId) {
    return URLEncoder.encode(userId, StandardCharsets.UTF_8);
  }

  private static String mac(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
    }
  }
}
