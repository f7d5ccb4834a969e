package net.freedommessenger.westchat.e2e.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.matrix.LoopbackFederation.Member;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two communities rendered side by side federate on loopback; federation switched off, or an
 * allow list without the other server, keeps it out. Four communities run at once (see
 * {@link LoopbackFederation}): a.westchat.test and b.westchat.test federate with everyone,
 * c.westchat.test has federation off, d.westchat.test allows only a.westchat.test.
 */
class MatrixFederationTest {

  static final String A = "a.westchat.test";
  static final String B = "b.westchat.test";
  static final String C = "c.westchat.test";
  static final String D = "d.westchat.test";

  @RegisterExtension
  static final RunningServers servers = new RunningServers();

  static LoopbackFederation federation;

  private static final AtomicInteger TRANSACTIONS = new AtomicInteger();

  @BeforeAll
  static void startFourCommunities() throws Exception {
    long start = System.nanoTime();
    federation = LoopbackFederation.start(servers, List.of(
        community("a", A, ""),
        community("b", B, ""),
        community("c", C, "federation: {enabled: false}"),
        community("d", D, "federation: {allow: [" + A + "]}")));
    System.err.printf("[federation] four communities started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  /** A community as a person would write it, read like `westchat render` reads it. */
  static WestchatCommunity community(String name, String domain, String extraSpec) throws Exception {
    return CommunityFile.parse("""
        apiVersion: westchat.freedom-messenger.net/v1alpha1
        kind: WestchatCommunity
        metadata: {name: %s, namespace: chat}
        spec:
          domain: %s
          admins: [{name: keeper}]
          expose: {tls: {issuerRef: {name: test-ca}}}
          %s
        """.formatted(name, domain, extraSpec));
  }

  @Test
  void aUserOfBJoinsAPublicRoomOfAAndTheirMessageArrivesAtA() {
    // what B's Synapse finds when it looks for A: the rendered delegation, over TLS from the test CA
    assertEquals(MatrixDelegation.serverFile(federation.member(A).community().getSpec()),
        federation.fetchAsAHomeserver("https://" + A + "/.well-known/matrix/server"));

    Member a = federation.member(A);
    Member b = federation.member(B);
    String alice = a.signUp("alice");
    String bob = b.signUp("bob");
    String room = createPublicRoom(a, alice, "lobby");

    MatrixHttp.Response joined = join(b, bob, "#lobby:" + A);
    assertEquals(200, joined.status(), "bob of " + B + " joins #lobby:" + A + " over federation: " + joined.body());
    assertEquals(room, joined.body().path("room_id").asText());
    assertTrue(joinedMembers(a, alice, room).contains(b.userId("bob")), "A counts bob as a member");

    send(b, bob, room, "hello from b");
    awaitMessage(a, alice, room, b.userId("bob"), "hello from b");
    send(a, alice, room, "hello from a");
    awaitMessage(b, bob, room, a.userId("alice"), "hello from a");
  }

  @Test
  void noJoinAcrossACommunityWithFederationOff() {
    Member a = federation.member(A);
    Member b = federation.member(B);
    Member c = federation.member(C);
    String amy = a.signUp("amy");
    String bea = b.signUp("bea");
    String carol = c.signUp("carol");
    String openRoom = createPublicRoom(a, amy, "square");
    String closedRoom = createPublicRoom(c, carol, "garden");
    assertEquals(200, join(b, bea, "#square:" + A).status(), "bea's server federates");

    // by alias (B asks C's directory) and by room ID with C as the server to join through (make_join)
    for (String target : List.of("#garden:" + C, closedRoom + "?server_name=" + C)) {
      MatrixHttp.Response intoC = join(b, bea, target);
      assertNotEquals(200, intoC.status(), "bea of " + B + " must not get into " + target + ": " + intoC.body());
      assertTrue(intoC.body().hasNonNull("errcode"), intoC.body().toString());
    }
    assertEquals(Set.of(c.userId("carol")), joinedMembers(c, carol, closedRoom));

    // and C reaches out to nobody
    for (String target : List.of("#square:" + A, openRoom + "?server_name=" + A)) {
      MatrixHttp.Response outOfC = join(c, carol, target);
      assertNotEquals(200, outOfC.status(), "carol of " + C + " must not get into " + target + ": " + outOfC.body());
      assertTrue(outOfC.body().hasNonNull("errcode"), outOfC.body().toString());
    }
    assertFalse(joinedMembers(a, amy, openRoom).contains(c.userId("carol")));
  }

  @Test
  void anAllowListWithoutBKeepsBOutButLetsAIn() {
    Member a = federation.member(A);
    Member b = federation.member(B);
    Member d = federation.member(D);
    String dave = d.signUp("dave");
    String ann = a.signUp("ann");
    String ben = b.signUp("ben");
    String room = createPublicRoom(d, dave, "den");

    MatrixHttp.Response listed = join(a, ann, "#den:" + D);
    assertEquals(200, listed.status(), "ann of " + A + ", which " + D + " allows, joins: " + listed.body());

    for (String target : List.of("#den:" + D, room + "?server_name=" + D)) {
      MatrixHttp.Response unlisted = join(b, ben, target);
      assertNotEquals(200, unlisted.status(), "ben of " + B + ", which " + D + " does not list, must not join " + target
          + ": " + unlisted.body());
      assertTrue(unlisted.body().hasNonNull("errcode"), unlisted.body().toString());
    }
    Set<String> members = joinedMembers(d, dave, room);
    assertTrue(members.contains(a.userId("ann")), members.toString());
    assertFalse(members.contains(b.userId("ben")), members.toString());
  }

  static String createPublicRoom(Member member, String token, String alias) {
    JsonNode created = member.http().post("/_matrix/client/v3/createRoom", token, Map.of(
        "preset", "public_chat", "visibility", "public", "room_alias_name", alias, "name", alias)).ok();
    return created.path("room_id").asText();
  }

  /** Joins a room alias, or a room ID followed by ?server_name=&lt;server to join through&gt;. */
  static MatrixHttp.Response join(Member member, String token, String target) {
    int query = target.indexOf('?');
    String path = query < 0 ? encode(target) : encode(target.substring(0, query)) + target.substring(query);
    long start = System.nanoTime();
    MatrixHttp.Response answer = member.http().post("/_matrix/client/v3/join/" + path, token, Map.of());
    System.err.printf("[federation] a user of %s joining %s: %d %s (%d ms)%n", member.domain(), target, answer.status(),
        answer.body(), (System.nanoTime() - start) / 1_000_000);
    return answer;
  }

  static void send(Member member, String token, String roomId, String text) {
    member.http().put("/_matrix/client/v3/rooms/" + encode(roomId) + "/send/m.room.message/t" + TRANSACTIONS.incrementAndGet(),
        token, Map.of("msgtype", "m.text", "body", text)).ok();
  }

  static Set<String> joinedMembers(Member member, String token, String roomId) {
    JsonNode joined = member.http().get("/_matrix/client/v3/rooms/" + encode(roomId) + "/joined_members", token).ok();
    Set<String> users = new HashSet<>();
    joined.path("joined").fieldNames().forEachRemaining(users::add);
    return users;
  }

  /** Polls the room's history on the member's server until the message from sender is there. */
  static void awaitMessage(Member member, String token, String roomId, String sender, String text) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = member.http().get("/_matrix/client/v3/rooms/" + encode(roomId) + "/messages?dir=b&limit=50", token).ok();
      for (JsonNode event : last.path("chunk")) {
        if ("m.room.message".equals(event.path("type").asText()) && sender.equals(event.path("sender").asText())
            && text.equals(event.at("/content/body").asText())) {
          return;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("'" + text + "' from " + sender + " did not arrive at " + member.domain() + " within 30 s;"
        + " the room's latest events there: " + last);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
