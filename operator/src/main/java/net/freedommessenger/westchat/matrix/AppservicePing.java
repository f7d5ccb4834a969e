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
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Asks Synapse to reach an application service (POST /_matrix/client/v1/appservice/{id}/ping,
 * authenticated with the service's as_token). Synapse then calls the bridge's own ping endpoint,
 * and when that answers it also resends at once the transactions it queued while the bridge could
 * not be reached, instead of waiting for its retry timer (which grows to minutes). The token goes
 * into a header only; no answer text carries it.
 */
public final class AppservicePing {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longer than Synapse's own wait for the bridge, so Synapse's answer says what went wrong. */
  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param reached Synapse reached the bridge and the bridge answered
   * @param detail the round trip, or what Synapse (or the way to it) said went wrong
   */
  public record Result(boolean reached, String detail) {}

  private AppservicePing() {}

  public static Result ping(String synapseBaseUrl, String appserviceId, String asToken) {
    String base = synapseBaseUrl.endsWith("/") ? synapseBaseUrl.substring(0, synapseBaseUrl.length() - 1) : synapseBaseUrl;
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/v1/appservice/"
              + URLEncoder.encode(appserviceId, StandardCharsets.UTF_8) + "/ping"))
          .timeout(TIMEOUT)
          .header("Authorization", "Bearer " + asToken)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
              Map.of("transaction_id", "westchat-" + UUID.randomUUID()))))
          .build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return fromAnswer(response.statusCode(), body);
    } catch (IOException e) {
      return new Result(false, "Synapse at " + base + " could not be asked (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  /**
   * What Synapse's answer to the ping says. M_BAD_STATUS means Synapse reached the bridge and the
   * bridge answered with an HTTP error: bridges made before the ping endpoint existed answer 404
   * (matrix-appservice-irc 1.0.1 does, while it bridges messages), so that counts as reached.
   * Not connecting (M_CONNECTION_FAILED) or no answer in time (M_CONNECTION_TIMEOUT) does not.
   */
  static Result fromAnswer(int status, JsonNode body) {
    if (status == 200) {
      return new Result(true, "Synapse reached it in " + body.path("duration_ms").asLong() + " ms");
    }
    String said = "Synapse answered " + status
        + (body.hasNonNull("errcode") ? " " + body.get("errcode").asText() : "")
        + (body.hasNonNull("error") ? ": " + body.get("error").asText() : "");
    if (status == 502 && "M_BAD_STATUS".equals(body.path("errcode").asText())) {
      return new Result(true, "Synapse reached it; the bridge has no ping endpoint (" + said + ")");
    }
    return new Result(false, said);
  }
}
