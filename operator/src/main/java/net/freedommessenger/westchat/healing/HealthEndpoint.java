package net.freedommessenger.westchat.healing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a bridge's health endpoint, briefly: the answer goes into a condition, not into a decision. */
final class HealthEndpoint {

  static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private HealthEndpoint() {}

  static String ask(String url) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return "its health endpoint " + url + " answered " + response.statusCode() + PodDiagnosis.text(response.body());
    } catch (IOException e) {
      return "its health endpoint " + url + " did not answer (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "its health endpoint " + url + " was not asked (interrupted)";
    }
  }
}
