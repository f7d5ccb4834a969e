package net.freedommessenger.westchat.e2e.rooms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.RoomStatus;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.e2e.irc.RenderedIrc;
import net.freedommessenger.westchat.e2e.matrix.RenderedMatrix;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackServers;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.xmpp.RenderedXmpp;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.reconciler.ChatServers;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The headline: one room on Matrix, XMPP and IRC. The operator (in the test JVM, against a real
 * API server) generates every Secret; real Synapse with PostgreSQL, Prosody with Biboumi, Ergo and
 * Heisenbridge run on loopback from the configs it renders with those Secrets; the operator sets
 * the room up on every network and lists its addresses in status. A Matrix user, an XMPP user and
 * an IRC user join lobby through those addresses, and each one's message reaches the other two.
 * The time of each hop is printed, a figure and not an assertion.
 */
@ExtendWith(ApiServerExtension.class)
class OneRoomOnThreeNetworksTest {

  static final String NS = "one-room";
  static final String DOMAIN = "westchat.example.org";
  static final Duration WAIT = Duration.ofSeconds(180);
  static final Duration HOP = Duration.ofSeconds(30);
  static final String YAML = """
      apiVersion: westchat.freedom-messenger.net/v1alpha1
      kind: WestchatCommunity
      metadata:
        name: westchat
      spec:
        domain: westchat.example.org
        admins: [{name: alice}]
        registration: open
        rules: Be kind.
        bridges: {matrixIrc: {implementation: heisenbridge}}
        rooms: [{name: lobby, topic: Hallo!}]
      """;

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void aMatrixAnXmppAndAnIrcUserTalkInLobbyThroughTheAddressesInStatus(ApiServer apiServer) throws Exception {
    KubernetesClient client = apiServer.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
    LoopbackServers loopback = new LoopbackServers();
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(apiServer.newClient(),
        loopback.reconciler())) {
      WestchatCommunity resource = CommunityFile.parse(YAML);
      resource.getMetadata().setNamespace(NS);
      client.resource(resource).create();
      WestchatCommunity community = CommunityFile.parse(YAML);
      long started = System.nanoTime();

      // every server from the rendered config, with the Secrets the operator generated
      community.getMetadata().setNamespace(NS);
      CommunityOnLoopback servers = CommunityOnLoopback.start(this.servers, client, community, loopback);
      RenderedMatrix matrix = servers.matrix();
      RenderedIrc irc = servers.irc();
      RenderedXmpp xmpp = servers.xmpp();
      long serversUp = System.nanoTime();

      // the cluster's part: the workloads are ready (kept so while the operator rolls them)
      RoomStatus lobby = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
        markReady(client, community);
        return lobbyStatus(client);
      }, r -> r.isPresent() && ready(r.get().matrix) && ready(r.get().xmpp) && ready(r.get().irc)).orElseThrow();
      long roomReady = System.nanoTime();
      assertEquals("#lobby:" + DOMAIN, lobby.matrix.address);
      assertEquals("#lobby@irc." + DOMAIN, lobby.xmpp.address);
      assertEquals("#lobby", lobby.irc.address);

      // three people, one per network, each through the address in status
      SynapseAdminApi synapse = new SynapseAdminApi(matrix.synapse().baseUrl());
      synapse.registerWithSharedSecret(matrix.registrationSharedSecret(), "mara", "mara-password-1", false);
      String mara = synapse.login("mara", "mara-password-1");
      MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
      String roomId = http.post("/_matrix/client/v3/join/" + encode(lobby.matrix.address), mara, Map.of()).ok()
          .path("room_id").asText();

      XMPPTCPConnection anonymous = xmpp.connectAnonymously();
      AccountManager.getInstance(anonymous).createAccount(Localpart.from("xena"), "xena-password-1");
      anonymous.disconnect();
      XMPPTCPConnection xena = xmpp.login("xena", "xena-password-1");
      xena.setReplyTimeout(30_000);
      try (IrcClient ira = new IrcClient(irc.ergo().port(), "ira")) {
        ira.send("JOIN " + lobby.irc.address);
        ira.await(IrcClient.numeric("366"), HOP);
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(xena).getMultiUserChat(JidCreate.entityBareFrom(lobby.xmpp.address));
        BlockingQueue<Message> atXena = new ArrayBlockingQueue<>(100);
        muc.addMessageListener(atXena::add);
        muc.join(Resourcepart.from("xena"));
        ira.await(line -> line.contains(" JOIN ") && line.startsWith(":xena"), HOP);
        long everyoneIn = System.nanoTime();

        long t0 = System.nanoTime();
        http.put("/_matrix/client/v3/rooms/" + encode(roomId) + "/send/m.room.message/" + UUID.randomUUID(), mara,
            Map.of("msgtype", "m.text", "body", "hello from matrix")).ok();
        ira.await(line -> line.contains("PRIVMSG #lobby :") && line.contains("hello from matrix"), HOP);
        long matrixToIrc = System.nanoTime();
        awaitBody(atXena, "hello from matrix");
        long matrixToXmpp = System.nanoTime();

        ira.send("PRIVMSG #lobby :hello from irc");
        long t1 = System.nanoTime();
        awaitBody(atXena, "hello from irc");
        long ircToXmpp = System.nanoTime();
        awaitMatrix(http, mara, roomId, "hello from irc");
        long ircToMatrix = System.nanoTime();

        long t2 = System.nanoTime();
        muc.sendMessage("hello from xmpp");
        ira.await(line -> line.contains("PRIVMSG #lobby :hello from xmpp"), HOP);
        long xmppToIrc = System.nanoTime();
        awaitMatrix(http, mara, roomId, "hello from xmpp");
        long xmppToMatrix = System.nanoTime();

        System.out.printf("One room on three networks: servers up %d ms after the resource, lobby working on all three "
                + "%d ms later, three users in %d ms%n", ms(started, serversUp), ms(serversUp, roomReady), ms(roomReady, everyoneIn));
        System.out.printf("  Matrix->IRC %d ms, Matrix->XMPP %d ms (through IRC)%n", ms(t0, matrixToIrc), ms(t0, matrixToXmpp));
        System.out.printf("  IRC->XMPP %d ms, IRC->Matrix %d ms%n", ms(t1, ircToXmpp), ms(t1, ircToMatrix));
        System.out.printf("  XMPP->IRC %d ms, XMPP->Matrix %d ms (through IRC)%n", ms(t2, xmppToIrc), ms(t2, xmppToMatrix));
      } finally {
        xena.disconnect();
      }
      List<String> reasons = client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason).toList();
      System.out.println("Events: " + reasons);
    }
  }

  static void markReady(KubernetesClient client, WestchatCommunity community) {
    FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-postgres");
    FakeWorkloadController.markDeploymentAvailable(client, NS, "westchat-synapse");
    FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-prosody");
    FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-ergo");
    FakeWorkloadController.markDeploymentAvailable(client, NS, HeisenbridgeObjects.name(community));
  }

  static boolean ready(net.freedommessenger.westchat.api.status.RoomAddress address) {
    return address != null && Boolean.TRUE.equals(address.ready);
  }

  static Optional<RoomStatus> lobbyStatus(KubernetesClient client) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    if (community.getStatus() == null) {
      return Optional.empty();
    }
    community.getStatus().rooms.forEach(r -> System.out.println("lobby: matrix " + describe(r.matrix) + ", xmpp "
        + describe(r.xmpp) + ", irc " + describe(r.irc)));
    return community.getStatus().rooms.stream().filter(r -> r.name.equals("lobby")).findFirst();
  }

  static String describe(net.freedommessenger.westchat.api.status.RoomAddress address) {
    return address == null ? "-" : address.ready + (address.message == null ? "" : " (" + address.message + ")");
  }

  static void awaitBody(BlockingQueue<Message> messages, String text) throws InterruptedException {
    long deadline = System.nanoTime() + HOP.toNanos();
    while (System.nanoTime() < deadline) {
      Message message = messages.poll(200, TimeUnit.MILLISECONDS);
      if (message != null && message.getBody() != null && message.getBody().contains(text)) {
        return;
      }
    }
    throw new AssertionError("\"" + text + "\" did not reach the XMPP user");
  }

  static void awaitMatrix(MatrixHttp http, String token, String roomId, String text) throws InterruptedException {
    long deadline = System.nanoTime() + HOP.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode chunk = http.get("/_matrix/client/v3/rooms/" + encode(roomId) + "/messages?dir=b&limit=20", token).ok()
          .path("chunk");
      for (JsonNode event : chunk) {
        if (event.path("content").path("body").asText().contains(text)) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("\"" + text + "\" did not reach the Matrix user");
  }

  static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
