package net.freedommessenger.westchat.e2e.matrix;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.api.status.RoomStatus;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.reconciler.ServerAccess;
import net.freedommessenger.westchat.reconciler.WestchatCommunityReconciler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's Matrix rooms on a real Synapse: the welcome room shows the rules to every newcomer
 * (who joins it on registration and reads the rules in its topic, but cannot post), and each room
 * of spec.rooms exists under its alias, public, unencrypted and with its topic; status lists each
 * as working, and an Event tells each room the operator created. A room taken out of the spec stays.
 */
@ExtendWith(ApiServerExtension.class)
class MatrixRoomsThroughTheOperatorTest {

  static final String NS = "matrix-rooms";
  static final String DOMAIN = "westchat.example.org";
  static final String RULES = "Be kind. No spam.";
  static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void newcomersJoinTheWelcomeRoomWhoseTopicIsTheRulesAndTheRoomsOfTheSpecExist(ApiServer apiServer) throws Exception {
    KubernetesClient client = apiServer.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
    AtomicReference<String> synapseUrl = new AtomicReference<>("http://127.0.0.1:9");
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(apiServer.newClient(),
        new WestchatCommunityReconciler(ServerAccess.IN_CLUSTER.withSynapse(community -> synapseUrl.get())))) {
      WestchatCommunity community = community();
      client.resource(community).create();
      Secret postgres = awaitSecret(client, "westchat-postgres");
      Secret synapse = awaitSecret(client, "westchat-synapse");
      RenderedMatrix matrix = RenderedMatrix.start(servers, community, List.of(),
          RenderedMatrix.plain(postgres).get("password"), RenderedMatrix.plain(synapse));
      synapseUrl.set(matrix.synapse().baseUrl());
      FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-postgres");
      FakeWorkloadController.markDeploymentAvailable(client, NS, "westchat-synapse");

      List<RoomStatus> rooms = await().atMost(WAIT).alias("rooms working on Matrix").until(() -> roomStatus(client),
          r -> r.size() == 2 && r.stream().allMatch(s -> Boolean.TRUE.equals(s.matrix.ready)));
      assertEquals("True", matrixCondition(client).status, "the welcome room is set up: " + matrixCondition(client).message);
      assertEquals(List.of("#lobby:" + DOMAIN, "#technik:" + DOMAIN), rooms.stream().map(r -> r.matrix.address).toList());
      assertTrue(rooms.get(0).matrix.roomId.startsWith("!"), "the room's ID, for matrix-appservice-irc's mappings");

      // a newcomer registers like any user (not through the operator) and finds the rules
      MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
      SynapseAdminApi api = new SynapseAdminApi(matrix.synapse().baseUrl());
      api.registerWithSharedSecret(matrix.registrationSharedSecret(), "newcomer", "newcomer-password-1", false);
      String token = api.login("newcomer", "newcomer-password-1");
      String welcome = api.roomOfAlias("#welcome:" + DOMAIN).orElseThrow();
      assertEquals("public", state(http, token, welcome, "m.room.join_rules").path("join_rule").asText());
      JsonNode joined = http.get("/_matrix/client/v3/joined_rooms", token).ok();
      assertTrue(joined.path("joined_rooms").toString().contains(welcome), "the newcomer is in the welcome room: " + joined);
      assertEquals(RULES, state(http, token, welcome, "m.room.topic").path("topic").asText());
      assertEquals(403, http.put("/_matrix/client/v3/rooms/" + encode(welcome) + "/send/m.room.message/t1", token,
          Map.of("msgtype", "m.text", "body", "hello?")).status(), "members read the rules, only admins post");

      // the rooms of the spec: joinable by anyone, with their topic, not encrypted
      String lobby = api.roomOfAlias("#lobby:" + DOMAIN).orElseThrow();
      assertEquals(lobby, rooms.get(0).matrix.roomId);
      assertEquals(200, http.post("/_matrix/client/v3/join/" + encode("#lobby:" + DOMAIN), token, Map.of()).status());
      assertEquals("Hallo!", state(http, token, lobby, "m.room.topic").path("topic").asText());
      assertEquals("public", state(http, token, lobby, "m.room.join_rules").path("join_rule").asText());
      assertEquals(404, http.get("/_matrix/client/v3/rooms/" + encode(lobby) + "/state/m.room.encryption", token).status());
      JsonNode directory = http.get("/_matrix/client/v3/publicRooms", token).ok();
      assertTrue(directory.toString().contains(lobby), "listed in the room directory: " + directory);
      JsonNode power = state(http, token, lobby, "m.room.power_levels");
      assertEquals(100, power.path("users").path("@alice:" + DOMAIN).asInt(), "admins hold power 100: " + power);

      // new rules reach the welcome room's topic
      CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().rules = "Be kind. No spam. Speak freely.");
      await().atMost(WAIT).until(() -> state(http, token, welcome, "m.room.topic").path("topic").asText(),
          "Be kind. No spam. Speak freely."::equals);

      // a room taken out of the spec is no longer managed, and stays as it is with its history
      CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().rooms.removeIf(r -> r.name.equals("technik")));
      await().atMost(WAIT).until(() -> roomStatus(client).size() == 1);
      assertTrue(api.roomOfAlias("#technik:" + DOMAIN).isPresent(), "the room and its alias stay");

      List<String> reasons = client.v1().events().inNamespace(NS).list().getItems().stream()
          .map(Event::getReason).toList();
      assertEquals(3, reasons.stream().filter("MatrixRoomCreated"::equals).count(), reasons.toString());
      assertTrue(reasons.contains("MatrixRoomTopicSet"), reasons.toString());
      assertEquals(2, reasons.stream().filter("MatrixAdmin"::equals).count(), "the operator's account and alice: " + reasons);

      // an admin added later gets power 100 in the rooms made before; one taken out loses it
      CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().admins = List.of(new Admin("alice"), new Admin("bob")));
      await().atMost(WAIT).alias("bob at 100 in lobby").until(() -> state(http, token, lobby, "m.room.power_levels")
          .path("users").path("@bob:" + DOMAIN).asInt(), level -> level == 100);
      CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().admins = List.of(new Admin("bob")));
      await().atMost(WAIT).alias("alice no longer in lobby's power levels").until(() -> state(http, token, lobby,
          "m.room.power_levels").path("users").has("@alice:" + DOMAIN), has -> !has);
      JsonNode after = state(http, token, lobby, "m.room.power_levels");
      assertEquals(100, after.path("users").path("@bob:" + DOMAIN).asInt(), after.toString());
      assertEquals(0, after.path("users_default").asInt(), "alice is back to the default level: " + after);
    }
  }

  static WestchatCommunity community() {
    WestchatCommunity community = new WestchatCommunity();
    community.getMetadata().setName("westchat");
    community.getMetadata().setNamespace(NS);
    community.setSpec(new WestchatCommunitySpec());
    community.getSpec().domain = DOMAIN;
    community.getSpec().admins = List.of(new Admin("alice"));
    community.getSpec().registration = Registration.CLOSED;
    community.getSpec().rules = RULES;
    community.getSpec().rooms = List.of(new Room("lobby", "Hallo!"), new Room("technik", null));
    // Matrix alone: with a Matrix-IRC bridge a room works only once relayed (OneRoomOnThreeNetworksTest)
    community.getSpec().bridges.matrixIrc.enabled = false;
    return community;
  }

  static JsonNode state(MatrixHttp http, String token, String roomId, String type) {
    return http.get("/_matrix/client/v3/rooms/" + encode(roomId) + "/state/" + type, token).ok();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static List<RoomStatus> roomStatus(KubernetesClient client) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    return community.getStatus() == null ? List.of() : community.getStatus().rooms;
  }

  static CommunityCondition matrixCondition(KubernetesClient client) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    return community.getStatus().conditions.stream().filter(c -> c.type.equals("Matrix")).findFirst().orElseThrow();
  }

  static Secret awaitSecret(KubernetesClient client, String name) {
    return await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS).withName(name).get(), s -> s != null);
  }
}
