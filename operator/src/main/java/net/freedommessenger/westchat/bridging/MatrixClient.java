package net.freedommessenger.westchat.bridging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The few Matrix client calls a bridge's owner needs: rooms, memberships, messages. The access
 * token goes into a header only; it never appears in an exception message.
 */
final class MatrixClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final String accessToken;

  MatrixClient(String baseUrl, String accessToken) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.accessToken = accessToken;
  }

  /** A call Synapse refused, with its status and Matrix error code. */
  static class MatrixCallFailed extends IOException {
    final int status;

    MatrixCallFailed(String call, int status, JsonNode body) {
      super(call + " answered " + status + " " + body.path("errcode").asText("") + ": " + body.path("error").asText(""));
      this.status = status;
    }
  }

  JsonNode get(String path) throws IOException {
    return call("GET", path, null);
  }

  JsonNode post(String path, Object body) throws IOException {
    return call("POST", path, body);
  }

  JsonNode put(String path, Object body) throws IOException {
    return call("PUT", path, body);
  }

  /** The user's membership in a room ("join", "invite", "leave", ...), or "" when it has none. */
  String membership(String roomId, String userId) throws IOException {
    try {
      return get("/_matrix/client/v3/rooms/" + encode(roomId) + "/state/m.room.member/" + encode(userId))
          .path("membership").asText("");
    } catch (MatrixCallFailed e) {
      if (e.status == 404 || e.status == 403) {
        return "";
      }
      throw e;
    }
  }

  /** Sends a plain text message; returns its event id. */
  String sendText(String roomId, String text) throws IOException {
    return put("/_matrix/client/v3/rooms/" + encode(roomId) + "/send/m.room.message/" + UUID.randomUUID(),
        Map.of("msgtype", "m.text", "body", text)).path("event_id").asText();
  }

  static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Waits out Synapse's rate limit as it asks (429 with retry_after_ms), a few times at most. */
  private JsonNode call(String method, String path, Object body) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return callOnce(method, path, body);
      } catch (RateLimited e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(Math.min(Math.max(e.retryAfterMillis, 100), MAX_WAIT.toMillis()));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static final int MAX_ATTEMPTS = 8;
  private static final Duration MAX_WAIT = Duration.ofSeconds(20);

  static final class RateLimited extends MatrixCallFailed {
    final long retryAfterMillis;

    RateLimited(String call, JsonNode body) {
      super(call, 429, body);
      this.retryAfterMillis = body.path("retry_after_ms").asLong(1000);
    }
  }

  private JsonNode callOnce(String method, String path, Object body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(method + " " + path.split("\\?")[0] + " interrupted", e);
    }
    JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    if (response.statusCode() == 429) {
      throw new RateLimited(method + " " + path.split("\\?")[0], answer);
    }
    if (response.statusCode() / 100 != 2) {
      throw new MatrixCallFailed(method + " " + path.split("\\?")[0], response.statusCode(), answer);
    }
    return answer;
  }
}
