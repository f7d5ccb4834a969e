package net.freedommessenger.westchat.matrix;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AppservicePingTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBridgeThatAnswersWithoutAPingEndpointCountsAsReached() throws Exception {
    // what Synapse said of matrix-appservice-irc 1.0.1 on the real node, while messages crossed
    AppservicePing.Result result = AppservicePing.fromAnswer(502,
        JSON.readTree("{\"errcode\":\"M_BAD_STATUS\",\"error\":\"HTTP 404\",\"status\":404}"));
    assertTrue(result.reached(), result.detail());
    assertTrue(result.detail().contains("no ping endpoint"), result.detail());
  }

  @Test
  void aBridgeSynapseCannotConnectToOrThatDoesNotAnswerIsNotReached() throws Exception {
    assertFalse(AppservicePing.fromAnswer(502, JSON.readTree("{\"errcode\":\"M_CONNECTION_FAILED\"}")).reached());
    assertFalse(AppservicePing.fromAnswer(504, JSON.readTree("{\"errcode\":\"M_CONNECTION_TIMEOUT\"}")).reached());
    assertFalse(AppservicePing.fromAnswer(403, JSON.readTree("{\"errcode\":\"M_FORBIDDEN\"}")).reached());
    assertTrue(AppservicePing.fromAnswer(200, JSON.readTree("{\"duration_ms\":12}")).reached());
  }
}
