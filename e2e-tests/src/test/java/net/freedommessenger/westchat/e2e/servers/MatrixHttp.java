package net.freedommessenger.westchat.e2e.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to a homeserver, for tests: every call returns the status and the parsed body. */
public final class MatrixHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public MatrixHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public record Response(int status, JsonNode body) {
    /** The body, after checking the status is 200; the message shows the body otherwise. */
    public JsonNode ok() {
      if (status != 200) {
        throw new AssertionError("expected HTTP 200, got " + status + ": " + body);
      }
      return body;
    }
  }

  public Response get(String path, String accessToken) {
    return send(request(path, accessToken).GET());
  }

  public Response post(String path, String accessToken, Object body) {
    try {
      return send(request(path, accessToken).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As {@link #post}, as if from another client address: Synapse behind the Ingress takes the
   * client's address from X-Forwarded-For (the rendered listener has x_forwarded), which is how its
   * per-address limits see people.
   */
  public Response postFrom(String clientAddress, String path, String accessToken, Object body) {
    try {
      return send(request(path, accessToken).header("Content-Type", "application/json")
          .header("X-Forwarded-For", clientAddress)
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response put(String path, String accessToken, Object body) {
    try {
      return send(request(path, accessToken).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON when the body is JSON, else the text as a JSON string (as /health answers "OK"). */
  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return JSON.getNodeFactory().textNode(body);
    }
  }

  private HttpRequest.Builder request(String path, String accessToken) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (accessToken != null) {
      builder.header("Authorization", "Bearer " + accessToken);
    }
    return builder;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), parse(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
