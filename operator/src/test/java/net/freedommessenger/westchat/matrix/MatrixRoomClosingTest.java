package net.freedommessenger.westchat.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The requests the operator sends to Synapse to close and reopen a room, recorded by a loopback HTTP server. */
class MatrixRoomClosingTest {

  static final ObjectMapper JSON = new ObjectMapper();

  record Request(String method, String path, JsonNode body) {}

  HttpServer server;
  final List<Request> requests = new ArrayList<>();
  final Deque<String> answers = new ArrayDeque<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] in = exchange.getRequestBody().readAllBytes();
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          in.length == 0 ? null : JSON.readTree(in)));
      String answer = answers.isEmpty() ? "200 {}" : answers.poll();
      byte[] out = answer.substring(4).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(Integer.parseInt(answer.substring(0, 3)), out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  MatrixRoomClosing closing() {
    return new MatrixRoomClosing(new SynapseAdminApi("http://127.0.0.1:" + server.getAddress().getPort()),
        "@westchat:example.org", Duration.ofMillis(10), Duration.ofSeconds(5));
  }

  @Test
  void closingResolvesTheAliasDeletesWithBlockPurgeAndTheReasonAndPollsUntilDone() throws Exception {
    answers.add("200 {\"room_id\": \"!abc:example.org\"}");
    answers.add("200 {\"delete_id\": \"d1\"}");
    answers.add("200 {\"status\": \"purging\"}");
    answers.add("200 {\"status\": \"complete\", \"shutdown_room\": {\"kicked_users\": [\"@a:example.org\", \"@b:example.org\"],"
        + " \"failed_to_kick_users\": []}}");

    MatrixRoomClosing.Closed closed = closing().close("token", "#hangout:example.org", "spam");

    assertEquals("!abc:example.org", closed.roomId().orElseThrow());
    assertTrue(closed.summary().contains("2 member(s) removed"), closed.summary());
    assertEquals(List.of("GET /_matrix/client/v3/directory/room/%23hangout%3Aexample.org",
        "DELETE /_synapse/admin/v2/rooms/%21abc%3Aexample.org",
        "GET /_synapse/admin/v2/rooms/delete_status/d1",
        "GET /_synapse/admin/v2/rooms/delete_status/d1"), requests.stream().map(r -> r.method() + " " + r.path()).toList());
    assertEquals(JSON.valueToTree(Map.of("block", true, "purge", true, "force_purge", true,
        "new_room_user_id", "@westchat:example.org", "room_name", "Room closed by the admins", "message", "spam")),
        requests.get(1).body());
  }

  @Test
  void aFailedDeletionIsReportedWithSynapsesError() {
    answers.add("200 {\"delete_id\": \"d2\"}");
    answers.add("200 {\"status\": \"failed\", \"error\": \"database is gone\"}");
    IOException failed = assertThrows(IOException.class, () -> closing().close("token", "!abc:example.org", "spam"));
    assertTrue(failed.getMessage().contains("database is gone"), failed.getMessage());
  }

  @Test
  void anAliasWithoutARoomHasNothingToClose() throws Exception {
    answers.add("404 {\"errcode\": \"M_NOT_FOUND\"}");
    MatrixRoomClosing.Closed closed = closing().close("token", "#nothing:example.org", "spam");
    assertTrue(closed.roomId().isEmpty());
    assertEquals(1, requests.size());
  }

  @Test
  void reopeningUnblocksTheRoomAndFreesTheAlias() throws Exception {
    answers.add("200 {}");
    answers.add("200 {\"room_id\": \"!notice:example.org\"}");
    answers.add("200 {}");
    String said = closing().reopen("token", "!abc:example.org", "#hangout:example.org");
    assertEquals(List.of("PUT /_synapse/admin/v1/rooms/%21abc%3Aexample.org/block",
        "GET /_matrix/client/v3/directory/room/%23hangout%3Aexample.org",
        "DELETE /_matrix/client/v3/directory/room/%23hangout%3Aexample.org"),
        requests.stream().map(r -> r.method() + " " + r.path()).toList());
    assertEquals(JSON.valueToTree(Map.of("block", false)), requests.get(0).body());
    assertTrue(said.contains("cannot be restored"), said);
  }
}
