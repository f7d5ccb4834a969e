package net.freedommessenger.westchat.e2e.moderation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.irc.RenderedIrc;
import net.freedommessenger.westchat.e2e.matrix.RenderedMatrix;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.xmpp.RenderedXmpp;
import net.freedommessenger.westchat.irc.ChannelPurge;
import net.freedommessenger.westchat.irc.IrcSession;
import net.freedommessenger.westchat.matrix.MatrixRoomClosing;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.xmpp.GroupChatClosing;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real servers from the rendered configs: an ordinary user opens a room and brings another in;
 * the operator's closing code removes both with the reason, nobody can rejoin or recreate the
 * room, and reopening lets the name be used again.
 */
class ClosingRoomsInteropTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String REASON = "Spam and harassment, closed by the admins";

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  static WestchatCommunity openCommunity() throws Exception {
    String yaml = Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml")) + "  registration: open\n";
    return CommunityFile.parse(yaml);
  }

  @Test
  void ircChannelIsPurgedWithTheReasonAndCanBeUsedAgainAfterReopening() throws Exception {
    RenderedIrc irc = RenderedIrc.start(servers, openCommunity());
    int port = irc.ergo().port();
    try (IrcClient bob = new IrcClient(port, "bob"); IrcClient carol = new IrcClient(port, "carol")) {
      bob.send("JOIN #hangout");
      bob.await(IrcClient.numeric("366"), WAIT);
      bob.send("INVITE carol #hangout");
      carol.await(IrcClient.numeric("INVITE"), WAIT);
      carol.send("JOIN #hangout");
      carol.await(IrcClient.numeric("366"), WAIT);

      long started = System.nanoTime();
      try (IrcSession operator = IrcSession.connect(LoopbackPorts.HOST, port, "westchat")) {
        operator.oper("westchat", irc.passwords().get("westchat"));
        String answer = new ChannelPurge(operator).close("#hangout", REASON);
        assertTrue(answer.contains("Successfully purged"), answer);
      }
      System.out.printf("IRC: channel purged in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      for (IrcClient member : List.of(bob, carol)) {
        String told = member.await(line -> line.contains(REASON), WAIT);
        System.out.println("IRC: a member is told: " + told);
        member.await(IrcClient.numeric("KICK"), WAIT);
        member.send("JOIN #hangout");
        String refused = member.await(line -> line.contains("#hangout") && !IrcClient.numeric("KICK").test(line), WAIT);
        assertTrue(refused.contains("purged"), "nobody can rejoin or recreate: " + refused);
      }

      try (IrcSession operator = IrcSession.connect(LoopbackPorts.HOST, port, "westchat")) {
        operator.oper("westchat", irc.passwords().get("westchat"));
        String answer = new ChannelPurge(operator).reopen("#hangout");
        assertTrue(answer.contains("unpurged"), answer);
      }
      carol.send("JOIN #hangout");
      carol.await(line -> IrcClient.numeric("JOIN").test(line) && line.startsWith(":carol!"), WAIT);
    }
  }

  @Test
  void xmppGroupChatIsDestroyedWithTheReasonAndHeldUntilReopened() throws Exception {
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, openCommunity()).start(servers);
    EntityBareJid room = JidCreate.entityBareFrom("hangout@" + new CommunityHosts(xmpp.domain()).conferenceHost());
    for (String user : List.of("bob", "carol")) {
      XMPPTCPConnection anonymous = xmpp.connectAnonymously();
      try {
        AccountManager.getInstance(anonymous).createAccount(Localpart.from(user), user + "-password-1");
      } finally {
        anonymous.disconnect();
      }
    }
    XMPPTCPConnection bob = xmpp.login("bob", "bob-password-1");
    XMPPTCPConnection carol = xmpp.login("carol", "carol-password-1");
    try {
      MultiUserChat bobInRoom = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(room);
      bobInRoom.create(Resourcepart.from("bob")).makeInstant();
      MultiUserChat carolInRoom = MultiUserChatManager.getInstanceFor(carol).getMultiUserChat(room);
      bobInRoom.invite(carol.getUser().asEntityBareJid(), "come in");
      carolInRoom.join(Resourcepart.from("carol"));
      BlockingQueue<String> reasons = new ArrayBlockingQueue<>(4);
      for (MultiUserChat member : List.of(bobInRoom, carolInRoom)) {
        member.addUserStatusListener(new UserStatusListener() {
          @Override
          public void roomDestroyed(MultiUserChat alternate, String reason) {
            reasons.add(reason);
          }
        });
      }

      long started = System.nanoTime();
      try (GroupChatClosing operator = GroupChatClosing.login(LoopbackPorts.HOST, xmpp.site().clientPort(), xmpp.domain(),
          "westchat", xmpp.password("westchat"), xmpp.certificate().trustManager())) {
        String done = operator.close(room.toString(), REASON);
        assertTrue(done.startsWith("destroyed"), done);
      }
      System.out.printf("XMPP: group chat destroyed and held in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      assertEquals(REASON, reasons.poll(10, TimeUnit.SECONDS), "bob is told the reason");
      assertEquals(REASON, reasons.poll(10, TimeUnit.SECONDS), "carol is told the reason");
      assertFalse(bobInRoom.isJoined());
      assertFalse(carolInRoom.isJoined());

      XMPPException.XMPPErrorException rejoin = assertThrows(XMPPException.XMPPErrorException.class,
          () -> MultiUserChatManager.getInstanceFor(carol).getMultiUserChat(room).join(Resourcepart.from("carol")));
      assertEquals(StanzaError.Condition.registration_required, rejoin.getStanzaError().getCondition());
      XMPPException.XMPPErrorException recreate = assertThrows(XMPPException.XMPPErrorException.class,
          () -> MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(room).create(Resourcepart.from("bob")));
      assertEquals(StanzaError.Condition.registration_required, recreate.getStanzaError().getCondition());

      try (GroupChatClosing operator = GroupChatClosing.login(LoopbackPorts.HOST, xmpp.site().clientPort(), xmpp.domain(),
          "westchat", xmpp.password("westchat"), xmpp.certificate().trustManager())) {
        operator.reopen(room.toString());
      }
      MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(room).create(Resourcepart.from("bob")).makeInstant();
    } finally {
      bob.disconnect();
      carol.disconnect();
    }
  }

  @Test
  void matrixRoomIsBlockedAndPurgedMembersGetTheReasonAndTheAliasIsFreedOnReopening() throws Exception {
    WestchatCommunity community = openCommunity();
    RenderedMatrix matrix = RenderedMatrix.start(servers, community, List.of());
    String domain = community.getSpec().domain;
    SynapseAdminApi api = new SynapseAdminApi(matrix.synapse().baseUrl());
    api.registerWithSharedSecret(matrix.registrationSharedSecret(), "westchat", "operator-password-1", true);
    api.registerWithSharedSecret(matrix.registrationSharedSecret(), "bob", "bob-password-1", false);
    api.registerWithSharedSecret(matrix.registrationSharedSecret(), "carol", "carol-password-1", false);
    String operator = api.login("westchat", "operator-password-1");
    String bob = api.login("bob", "bob-password-1");
    String carol = api.login("carol", "carol-password-1");
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());

    String roomId = http.post("/_matrix/client/v3/createRoom", bob, Map.of("room_alias_name", "hangout",
        "invite", List.of("@carol:" + domain))).ok().path("room_id").asText();
    http.post("/_matrix/client/v3/join/" + roomId, carol, Map.of()).ok();

    long started = System.nanoTime();
    MatrixRoomClosing closing = new MatrixRoomClosing(api, "@westchat:" + domain, Duration.ofMillis(250), Duration.ofSeconds(60));
    MatrixRoomClosing.Closed closed = closing.close(operator, "#hangout:" + domain, REASON);
    System.out.printf("Matrix: room deleted, blocked and purged in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    assertEquals(roomId, closed.roomId().orElseThrow());
    assertTrue(closed.summary().contains("2 member(s) removed"), closed.summary());

    for (String member : List.of(bob, carol)) {
      List<String> joined = joinedRooms(http, member);
      assertFalse(joined.contains(roomId), "members are removed");
      assertEquals(1, joined.size(), "members are moved to the operator's notice room: " + joined);
      JsonNode messages = http.get("/_matrix/client/v3/rooms/" + joined.get(0) + "/messages?dir=b&limit=20", member).ok();
      String bodies = messages.path("chunk").findValues("body").stream().map(JsonNode::asText).collect(Collectors.joining("|"));
      assertTrue(bodies.contains(REASON), "the reason arrives: " + bodies);
      assertEquals(403, http.post("/_matrix/client/v3/join/" + roomId, member, Map.of()).status(), "nobody can rejoin");
    }
    MatrixHttp.Response recreate = http.post("/_matrix/client/v3/createRoom", bob, Map.of("room_alias_name", "hangout"));
    assertEquals(400, recreate.status(), "nobody can recreate it under its alias: " + recreate.body());
    assertTrue(api.isRoomBlocked(operator, roomId));

    closing.reopen(operator, roomId, "#hangout:" + domain);
    assertFalse(api.isRoomBlocked(operator, roomId));
    String again = http.post("/_matrix/client/v3/createRoom", bob, Map.of("room_alias_name", "hangout")).ok().path("room_id").asText();
    assertNotEquals(roomId, again);
  }

  static List<String> joinedRooms(MatrixHttp http, String token) {
    JsonNode rooms = http.get("/_matrix/client/v3/joined_rooms", token).ok().path("joined_rooms");
    return java.util.stream.StreamSupport.stream(rooms.spliterator(), false).map(JsonNode::asText).toList();
  }
}
