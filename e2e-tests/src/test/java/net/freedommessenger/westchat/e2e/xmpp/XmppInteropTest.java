package net.freedommessenger.westchat.e2e.xmpp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.servers.BiboumiServer;
import net.freedommessenger.westchat.e2e.servers.ConfigTemplate;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.prosody.ProsodyConfig;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Real Prosody started from the files the operator renders into its ConfigMap, on loopback, with
 * the accounts made the way the pod's init container makes them.
 */
class XmppInteropTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  static WestchatCommunity minimal() throws Exception {
    return CommunityFile.parse(Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml")));
  }

  static WestchatCommunity minimalWith(String specYaml) throws Exception {
    String yaml = Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml"))
        + specYaml.lines().map(l -> "  " + l + "\n").collect(Collectors.joining());
    return CommunityFile.parse(yaml);
  }

  @Test
  void theAdminChatsInARoomAndSharesAFile() throws Exception {
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, minimal()).start(servers);
    CommunityHosts hosts = new CommunityHosts(xmpp.domain());
    XMPPTCPConnection alice = xmpp.login("alice", xmpp.password("alice"));
    XMPPTCPConnection operator = xmpp.login("westchat", xmpp.password("westchat"));
    try {
      assertTrue(alice.isSecureConnection(), "STARTTLS was negotiated");

      DiscoverItems commands = AdHocCommandManager.getAddHocCommandsManager(alice).discoverCommands(JidCreate.from(xmpp.domain()));
      Set<String> nodes = commands.getItems().stream().map(DiscoverItems.Item::getNode).collect(Collectors.toSet());
      assertTrue(nodes.contains("http://jabber.org/protocol/admin#add-user"), "alice is a Prosody admin: " + nodes);

      var room = JidCreate.entityBareFrom("lobby@" + hosts.conferenceHost());
      MultiUserChat aliceInRoom = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
      aliceInRoom.create(Resourcepart.from("alice")).makeInstant();
      MultiUserChat operatorInRoom = MultiUserChatManager.getInstanceFor(operator).getMultiUserChat(room);
      BlockingQueue<Message> received = new ArrayBlockingQueue<>(10);
      operatorInRoom.addMessageListener(received::add);
      operatorInRoom.join(Resourcepart.from("westchat"));
      // occupants' presences are handled apart from the join itself: wait for alice's
      await().atMost(Duration.ofSeconds(10)).until(() -> operatorInRoom.getOccupantsCount() == 2);
      aliceInRoom.sendMessage("hello from the rendered config");
      assertEquals("hello from the rendered config", nextBody(received));

      HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(alice);
      assertTrue(uploads.discoverUploadService(), "upload." + xmpp.domain() + " is found through service discovery");
      byte[] file = "a file shared through upload.<domain>\n".getBytes(StandardCharsets.UTF_8);
      Slot slot = uploads.requestSlot("notes.txt", file.length, "text/plain");
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest.Builder put = HttpRequest.newBuilder(slot.getPutUrl().toURI())
          .header("Content-Type", "text/plain")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(file));
      slot.getHeaders().forEach(put::header);
      assertEquals(201, http.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
      HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(slot.getGetUrl().toURI()).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, got.statusCode());
      assertArrayEquals(file, got.body());

      assertEquals(100L * 1024 * 1024, uploads.getDefaultUploadService().getMaxFileSize(),
          "the service announces spec.xmpp.uploads.maxFileSizeMiB, so clients refuse larger files before uploading");
    } finally {
      operator.disconnect();
      alice.disconnect();
    }
  }

  @Test
  void accountsAreCreatedOnceAndAChangedPasswordStays() throws Exception {
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, minimal()).start(servers);
    String first = xmpp.password("alice");
    xmpp.writePasswordFiles(Map.of("alice", "a-password-set-later-in-the-secret"));
    String again = xmpp.createAccounts();
    assertTrue(again.contains("kept alice@" + xmpp.domain()), again);
    assertTrue(again.contains("kept westchat@" + xmpp.domain()), again);
    xmpp.login("alice", first).disconnect();
    assertThrows(SASLErrorException.class, () -> xmpp.login("alice", "a-password-set-later-in-the-secret"));
  }

  @Test
  void inviteRegistrationRefusesASignUpWithoutAnInvitation() throws Exception {
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, minimal()).start(servers);
    XMPPTCPConnection stranger = xmpp.connectAnonymously();
    try {
      XMPPErrorException refused = assertThrows(XMPPErrorException.class,
          () -> AccountManager.getInstance(stranger).createAccount(Localpart.from("mallory"), "mallory-password-1"));
      assertEquals(StanzaError.Condition.not_acceptable, refused.getStanzaError().getCondition(), refused.getMessage());
      assertTrue(refused.getMessage().contains("invitation"), refused.getMessage());
    } finally {
      stranger.disconnect();
    }
  }

  @Test
  void openRegistrationWelcomesNewcomersWithTheRules() throws Exception {
    String rules = "Be \"kind\" \\ patient.\nNo spam -- ever. Grüße!";
    WestchatCommunity community = minimalWith("registration: open\nrules: " + yamlString(rules));
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, community).start(servers);
    XMPPTCPConnection newcomer = xmpp.connectAnonymously();
    BlockingQueue<Message> received = new ArrayBlockingQueue<>(10);
    try {
      AccountManager.getInstance(newcomer).createAccount(Localpart.from("carol"), "carol-password-1");
    } finally {
      newcomer.disconnect();
    }
    XMPPTCPConnection carol = xmpp.login("carol", "carol-password-1");
    try {
      // the welcome message waits offline and comes after the first presence
      carol.addAsyncStanzaListener(stanza -> received.add((Message) stanza), stanza -> stanza instanceof Message);
      carol.sendStanza(carol.getStanzaFactory().buildPresenceStanza().build());
      assertEquals(rules, nextBody(received));
    } finally {
      carol.disconnect();
    }
  }

  @Test
  void closedRegistrationRefusesEverySignUp() throws Exception {
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, minimalWith("registration: closed")).start(servers);
    XMPPTCPConnection stranger = xmpp.connectAnonymously();
    try {
      XMPPErrorException refused = assertThrows(XMPPErrorException.class,
          () -> AccountManager.getInstance(stranger).createAccount(Localpart.from("mallory"), "mallory-password-1"));
      System.out.println("Prosody, closed mode: a sign-up is answered " + refused.getStanzaError().getCondition());
      assertEquals(StanzaError.Condition.service_unavailable, refused.getStanzaError().getCondition(), refused.getMessage());
    } finally {
      stranger.disconnect();
    }
  }

  /**
   * Sign-ups are counted per client address (mod_register_limits): from 127.0.0.2, which stands for
   * a person, the burst passes and the next is refused; 127.0.0.1 is not counted.
   */
  @Test
  void openSignUpsFromOneAddressAreThrottledAfterTheBurst() throws Exception {
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, minimalWith("registration: open")).start(servers);
    int attempts = 0;
    XMPPErrorException refused = null;
    while (refused == null && attempts < 20) {
      attempts++;
      XMPPTCPConnection newcomer = xmpp.connectAnonymouslyFrom("127.0.0.2");
      try {
        AccountManager.getInstance(newcomer).createAccount(Localpart.from("newcomer" + attempts), "newcomer-password-1");
      } catch (XMPPErrorException e) {
        refused = e;
      } finally {
        newcomer.disconnect();
      }
    }
    System.out.printf("Prosody, open sign-ups from one address: %d accounts made, attempt %d answered %s%n",
        attempts - 1, attempts, refused == null ? "nothing" : refused.getStanzaError().getCondition() + ": "
            + refused.getStanzaError().getDescriptiveText());
    assertTrue(refused != null, "a sign-up was refused");
    assertEquals(StanzaError.Condition.policy_violation, refused.getStanzaError().getCondition(), refused.getMessage());
    assertEquals(ProsodyConfig.REGISTRATION_BURST, attempts - 1);
    XMPPTCPConnection local = xmpp.connectAnonymously();
    try {
      AccountManager.getInstance(local).createAccount(Localpart.from("fromthepod"), "fromthepod-password-1");
    } finally {
      local.disconnect();
    }
  }

  @Test
  void theIrcGatewayLogsInWithTheSecretFromItsSecret() throws Exception {
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, minimal()).start(servers);
    Path biboumiDir = servers.directory("biboumi");
    Map<String, Object> values = new HashMap<>(Map.of("dir", biboumiDir, "gatewayHost", new CommunityHosts(xmpp.domain()).ircHost(),
        "componentSecret", xmpp.componentSecret(), "componentPort", xmpp.site().componentPort(),
        "admin", "alice@" + xmpp.domain()));
    ConfigTemplate.write("biboumi.cfg", biboumiDir.resolve(BiboumiServer.CONFIG_FILE), values);
    // started means Prosody accepted the component handshake made with that secret
    servers.add(BiboumiServer.start(biboumiDir, xmpp.prosody()));
  }

  static String nextBody(BlockingQueue<Message> messages) throws InterruptedException {
    Message message = messages.poll(10, TimeUnit.SECONDS);
    while (message != null && message.getBody() == null) {
      message = messages.poll(10, TimeUnit.SECONDS);
    }
    assertTrue(message != null, "a message arrived");
    return message.getBody();
  }

  static String yamlString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
