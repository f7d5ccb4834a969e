package net.freedommessenger.westchat.e2e.moderation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.ClosedRoom;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.e2e.irc.RenderedIrc;
import net.freedommessenger.westchat.e2e.matrix.RenderedMatrix;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackServers;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.xmpp.RenderedXmpp;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.reconciler.ChatServers;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole moderation path: an admin lists rooms in spec.moderation.closedRooms of a community in
 * a real API server; the operator closes them on real Synapse, Prosody and Ergo started from the
 * rendered configs with the operator's own Secrets, reports each in status, records Events, and
 * reopens them when the entries are removed. Admins added to and removed from spec.admins gain and
 * lose Synapse's admin flag.
 */
@ExtendWith(ApiServerExtension.class)
class ModerationThroughTheOperatorTest {

  static final String NS = "moderation";
  static final Duration WAIT = Duration.ofSeconds(120);
  static final Duration SHORT = Duration.ofSeconds(20);
  static final String DOMAIN = "westchat.example.org";

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  static final String YAML = """
      apiVersion: westchat.freedom-messenger.net/v1alpha1
      kind: WestchatCommunity
      metadata:
        name: westchat
      spec:
        domain: westchat.example.org
        admins: [{name: alice}]
        registration: open
        rooms: [{name: lobby}]
      """;

  @Test
  void roomsListedAsClosedAreClosedOnEveryNetworkAndReopenedWhenTheEntriesGo(ApiServer apiServer) throws Exception {
    KubernetesClient client = apiServer.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
    LoopbackServers loopback = new LoopbackServers();
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(apiServer.newClient(),
        loopback.reconciler())) {
      WestchatCommunity resource = CommunityFile.parse(YAML);
      resource.getMetadata().setNamespace(NS);
      client.resource(resource).create();

      Secret postgres = awaitSecret(client, "westchat-postgres");
      Secret synapseSecret = awaitSecret(client, "westchat-synapse");
      awaitSecret(client, "westchat-admin-alice");
      awaitSecret(client, "westchat-operator-account");
      List<Secret> accounts = List.of(awaitSecret(client, "westchat-admin-alice"), awaitSecret(client, "westchat-operator-account"));
      WestchatCommunity community = CommunityFile.parse(YAML);

      RenderedMatrix matrix = RenderedMatrix.start(servers, community, List.of(),
          RenderedMatrix.plain(postgres).get("password"), RenderedMatrix.plain(synapseSecret));
      RenderedIrc irc = RenderedIrc.start(servers, community, name -> accounts.stream()
          .filter(s -> s.getMetadata().getName().equals(name)).findFirst().map(Secret::getData).orElse(Map.of()));
      RenderedXmpp xmpp = RenderedXmpp.prepare(servers, community).withAccountSecrets(accounts).start(servers);
      loopback.synapseAt(matrix.synapse().baseUrl());
      loopback.ircAt(irc.ergo().port());
      loopback.xmppAt(xmpp.site().clientPort(), xmpp.certificate().trustManager());
      FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-postgres");
      FakeWorkloadController.markDeploymentAvailable(client, NS, "westchat-synapse");
      FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-prosody");
      FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-ergo");
      await().atMost(WAIT).until(() -> condition(client, "Matrix"), c -> "True".equals(c));

      // ordinary users open rooms on every network and bring someone in
      SynapseAdminApi synapse = new SynapseAdminApi(matrix.synapse().baseUrl());
      synapse.registerWithSharedSecret(matrix.registrationSharedSecret(), "bob", "bob-password-1", false);
      synapse.registerWithSharedSecret(matrix.registrationSharedSecret(), "carol", "carol-password-1", false);
      String bob = synapse.login("bob", "bob-password-1");
      String carol = synapse.login("carol", "carol-password-1");
      MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
      String hangout = http.post("/_matrix/client/v3/createRoom", bob, Map.of("room_alias_name", "hangout",
          "invite", List.of("@carol:" + DOMAIN))).ok().path("room_id").asText();
      http.post("/_matrix/client/v3/join/" + hangout, carol, Map.of()).ok();
      // the community room on Matrix, which the operator's room step makes; carol is in it
      String lobby = await().atMost(WAIT).until(() -> synapse.resolveAlias(carol, "#lobby:" + DOMAIN), Optional::isPresent)
          .orElseThrow();
      http.post("/_matrix/client/v3/join/" + lobby, carol, Map.of()).ok();

      EntityBareJid muc = JidCreate.entityBareFrom("hangout@" + new CommunityHosts(DOMAIN).conferenceHost());
      for (String user : List.of("bob", "carol")) {
        XMPPTCPConnection anonymous = xmpp.connectAnonymously();
        try {
          AccountManager.getInstance(anonymous).createAccount(Localpart.from(user), user + "-password-1");
        } finally {
          anonymous.disconnect();
        }
      }
      XMPPTCPConnection bobXmpp = xmpp.login("bob", "bob-password-1");
      XMPPTCPConnection carolXmpp = xmpp.login("carol", "carol-password-1");
      MultiUserChat bobInMuc = MultiUserChatManager.getInstanceFor(bobXmpp).getMultiUserChat(muc);
      bobInMuc.create(Resourcepart.from("bob")).makeInstant();
      bobInMuc.invite(carolXmpp.getUser().asEntityBareJid(), "come in");
      MultiUserChat carolInMuc = MultiUserChatManager.getInstanceFor(carolXmpp).getMultiUserChat(muc);
      carolInMuc.join(Resourcepart.from("carol"));
      BlockingQueue<String> xmppReasons = new ArrayBlockingQueue<>(4);
      for (MultiUserChat member : List.of(bobInMuc, carolInMuc)) {
        member.addUserStatusListener(new UserStatusListener() {
          @Override
          public void roomDestroyed(MultiUserChat alternate, String reason) {
            xmppReasons.add(reason);
          }
        });
      }

      try (IrcClient bobIrc = new IrcClient(irc.ergo().port(), "bob"); IrcClient carolIrc = new IrcClient(irc.ergo().port(), "carol")) {
        bobIrc.send("JOIN #hangout");
        bobIrc.await(IrcClient.numeric("366"), SHORT);
        bobIrc.send("INVITE carol #hangout");
        carolIrc.await(IrcClient.numeric("INVITE"), SHORT);
        carolIrc.send("JOIN #hangout");
        carolIrc.await(IrcClient.numeric("366"), SHORT);
        carolIrc.send("JOIN #lobby");
        carolIrc.await(IrcClient.numeric("366"), SHORT);

        long started = System.nanoTime();
        CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().moderation.closedRooms = new ArrayList<>(List.of(
            closed(RoomNetwork.MATRIX, "#hangout:" + DOMAIN, "matrix: spam"),
            closed(RoomNetwork.XMPP, muc.toString(), "xmpp: spam"),
            closed(RoomNetwork.IRC, "#hangout", "irc: spam"),
            closed(RoomNetwork.COMMUNITY, "lobby", "lobby is closed for today"))));
        List<ClosedRoomStatus> closed = await().atMost(WAIT).until(() -> closedRooms(client),
            list -> list.size() == 4 && list.stream().flatMap(c -> c.results.stream()).allMatch(r -> "Closed".equals(r.state)));
        System.out.printf("Moderation: 4 entries closed on 3 networks %d ms after the edit%n",
            (System.nanoTime() - started) / 1_000_000);
        closed.forEach(c -> c.results.forEach(r -> System.out.println("  " + c.room + " on " + r.network + ": " + r.message)));
        assertEquals(List.of("matrix", "irc"), closed.get(3).results.stream().map(r -> r.network).toList(),
            "the community room is closed on Matrix and IRC, which closes its XMPP side through the gateway");
        assertEquals(hangout, closed.get(0).results.get(0).roomId);
        assertEquals(lobby, closed.get(3).results.get(0).roomId);

        // everyone is out and told why, and nobody can come back
        assertTrue(ClosingRoomsInteropTest.joinedRooms(http, carol).stream().noneMatch(hangout::equals));
        assertEquals(403, http.post("/_matrix/client/v3/join/" + hangout, carol, Map.of()).status());
        assertEquals(403, http.post("/_matrix/client/v3/join/" + lobby, carol, Map.of()).status());
        assertEquals("xmpp: spam", xmppReasons.poll(10, TimeUnit.SECONDS));
        assertEquals("xmpp: spam", xmppReasons.poll(10, TimeUnit.SECONDS));
        carolIrc.await(line -> line.contains("irc: spam"), SHORT);
        carolIrc.await(line -> line.contains("lobby is closed for today"), SHORT);
        carolIrc.send("JOIN #lobby");
        carolIrc.await(line -> line.contains("#lobby") && line.contains("purged"), SHORT);

        List<String> events = client.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> "RoomClosed".equals(e.getReason())).map(e -> e.getMessage()).toList();
        assertEquals(5, events.size(), "an Event per room closed on a network: " + events);

        // removing the entries reopens the rooms, and the names can be used again
        CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().moderation.closedRooms = new ArrayList<>());
        await().atMost(WAIT).until(() -> describe(closedRooms(client)), "[]"::equals);
        List<String> reopened = client.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> "RoomReopened".equals(e.getReason())).map(e -> e.getMessage()).toList();
        assertEquals(5, reopened.size(), reopened.toString());
        assertTrue(reopened.stream().anyMatch(m -> m.contains("history was purged") && m.contains("cannot be restored")), reopened.toString());
        http.post("/_matrix/client/v3/createRoom", bob, Map.of("room_alias_name", "hangout")).ok();
        carolIrc.send("JOIN #hangout");
        carolIrc.await(line -> IrcClient.numeric("JOIN").test(line) && line.contains("#hangout"), SHORT);
        MultiUserChatManager.getInstanceFor(bobXmpp).getMultiUserChat(muc).create(Resourcepart.from("bob")).makeInstant();
      } finally {
        bobXmpp.disconnect();
        carolXmpp.disconnect();
      }

      // an admin added gains Synapse's admin flag, and loses it when removed; the account stays
      CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().admins.add(new Admin("dave")));
      String davePassword = RenderedMatrix.plain(awaitSecret(client, "westchat-admin-dave")).get("password");
      // alice, an admin, looks; Synapse allows only a few logins per address, so the test logs in no more than needed
      String operatorToken = synapse.login("alice", RenderedMatrix.plain(awaitSecret(client, "westchat-admin-alice")).get("password"));
      await().atMost(WAIT).until(() -> synapse.isAdmin(operatorToken, "@dave:" + DOMAIN) + " " + conditionText(client, "Matrix"),
          text -> text.startsWith("Optional[true] True"));
      CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().admins.removeIf(a -> a.name.equals("dave")));
      await().atMost(WAIT).until(() -> synapse.isAdmin(operatorToken, "@dave:" + DOMAIN), Optional.of(false)::equals);
      assertTrue(davePassword != null, "dave's Secret and account stay (isAdmin answers false, not 'no such user')");
      assertFalse(client.v1().events().inNamespace(NS).list().getItems().stream()
          .noneMatch(e -> e.getMessage().contains("dave: no longer admin")), "an Event says dave is no longer admin");
    }
  }

  static ClosedRoom closed(RoomNetwork network, String room, String reason) {
    ClosedRoom entry = new ClosedRoom();
    entry.network = network;
    entry.room = room;
    entry.reason = reason;
    return entry;
  }

  static List<ClosedRoomStatus> closedRooms(KubernetesClient client) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    return community.getStatus() == null ? List.of() : community.getStatus().closedRooms;
  }

  /** Each room and result in words, so that a wait that times out shows what the servers answered. */
  static String describe(List<ClosedRoomStatus> closedRooms) {
    return closedRooms.stream().map(c -> c.room + " " + c.results.stream().map(r -> r.network + " " + r.state + " " + r.message)
        .toList()).toList().toString();
  }

  static String conditionText(KubernetesClient client, String type) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    return community.getStatus() == null ? null : community.getStatus().conditions.stream().filter(c -> c.type.equals(type))
        .map(c -> c.status + " " + c.reason + " " + c.message).findFirst().orElse(null);
  }

  static String condition(KubernetesClient client, String type) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    return community.getStatus() == null ? null : community.getStatus().conditions.stream().filter(c -> c.type.equals(type))
        .map(c -> c.status).findFirst().orElse(null);
  }

  static Secret awaitSecret(KubernetesClient client, String name) {
    return await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS).withName(name).get(), s -> s != null);
  }

}
