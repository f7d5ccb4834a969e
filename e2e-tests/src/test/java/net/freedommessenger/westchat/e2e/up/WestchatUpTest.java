package net.freedommessenger.westchat.e2e.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.servers.AnyCertificate;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * What a newcomer does on a fresh machine: {@code ./westchat up FILE} as a subprocess (the
 * minimal sample with a lobby), read the details it prints when it says ready, and log in to
 * Matrix, XMPP and IRC with them and join the lobby; then {@code ./westchat down}, {@code up}
 * again, and the same admin password still works. Runs in a JVM of its own (e2e-tests/pom.xml),
 * after the other tests' real node has stopped, because {@code up} starts its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WestchatUpTest {

  static final String DOMAIN = "westchat.example.org";
  static final Duration WAIT = Duration.ofSeconds(60);

  Path folder;
  Map<String, String> environment;
  WestchatUp up;
  String password;

  @BeforeAll
  void aFolderPortsAndACommunityWithALobby() throws Exception {
    folder = Files.createTempDirectory("westchat-up-");
    Path file = folder.resolve("community.yaml");
    Files.writeString(file, Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml"))
        + "  rooms:\n    - name: lobby\n");
    int[] ports = WestchatUp.freePorts(4);
    environment = Map.of(
        "WESTCHAT_DATA_DIR", folder.resolve("data").toString(),
        "WESTCHAT_MATRIX_PORT", String.valueOf(ports[0]),
        "WESTCHAT_XMPP_PORT", String.valueOf(ports[1]),
        "WESTCHAT_IRC_PORT", String.valueOf(ports[2]),
        "WESTCHAT_IRC_TLS_PORT", String.valueOf(ports[3]),
        // the build of this test run is the one to use: no Maven inside Maven
        "WESTCHAT_SKIP_BUILD", "1");
  }

  @AfterAll
  void stopAndRemoveTheFolder() throws Exception {
    try {
      WestchatUp.run(environment, "down");
      if (up != null) {
        up.close();
      }
    } finally {
      WestchatUp.deleteRecursively(folder);
    }
  }

  @Test
  @Order(3)
  void upPrintsWhereToConnectAndTheAdminLogsInOnEveryNetworkAndJoinsTheLobby() throws Exception {
    up = WestchatUp.start(environment, folder.resolve("community.yaml").toString());
    WestchatUp.Details details = up.awaitReady();
    System.out.printf(Locale.ROOT, "./westchat up: ready %.1f s after it started, %d progress lines%n",
        details.seconds(), up.progressLines());
    assertTrue(up.progressLines() >= 5, "a line per part as it comes up, not a silent wait:\n" + up.output());
    password = details.passwords().get("alice");
    assertTrue(password != null && password.length() >= 16, "the admin's initial password is shown:\n" + up.output());
    assertEquals(Map.of("matrix", "#lobby:" + DOMAIN, "xmpp", "#lobby@irc." + DOMAIN, "irc", "#lobby"),
        details.rooms().get("lobby"));

    everyNetworkTakesTheAdmin(details, password, "first up");
  }

  @Test
  @Order(4)
  void afterDownAndUpAgainTheSameCommunityTakesTheSamePassword() throws Exception {
    long begin = System.nanoTime();
    WestchatUp.Result down = WestchatUp.run(environment, "down");
    assertEquals(0, down.exitCode(), down.output());
    up.awaitExit(Duration.ofMinutes(3));
    assertTrue(up.output().contains("westchat up: stopped"), up.output());
    System.out.printf(Locale.ROOT, "./westchat down: stopped in %.1f s%n", (System.nanoTime() - begin) / 1e9);
    assertTrue(Files.isDirectory(folder.resolve("data").resolve("cluster").resolve("etcd")), "the data folder stays");

    up = WestchatUp.start(environment, folder.resolve("community.yaml").toString());
    WestchatUp.Details again = up.awaitReady();
    System.out.printf(Locale.ROOT, "./westchat up again: ready %.1f s after it started%n", again.seconds());
    assertTrue(again.passwords().isEmpty(), "initial passwords are shown once:\n" + up.output());
    assertFalse(up.output().contains(password), "the password is not printed again");

    everyNetworkTakesTheAdmin(again, password, "second up");

    WestchatUp.Result status = WestchatUp.run(environment, "status");
    assertEquals(0, status.exitCode(), "./westchat status of the community up runs: Ready\n" + status.output());
    assertTrue(status.output().contains("#lobby:" + DOMAIN), status.output());
    System.out.println("./westchat status:\n" + status.output());
  }

  /** Logs in as alice on Matrix, XMPP and IRC at the printed addresses and joins the lobby on each. */
  static void everyNetworkTakesTheAdmin(WestchatUp.Details details, String password, String when) throws Exception {
    long begin = System.nanoTime();
    SynapseAdminApi matrix = new SynapseAdminApi(details.matrixUrl());
    String token = matrix.login("alice", password);
    MatrixHttp http = new MatrixHttp(details.matrixUrl());
    String lobby = details.rooms().get("lobby").get("matrix");
    String roomId = http.post("/_matrix/client/v3/join/" + URLEncoder.encode(lobby, StandardCharsets.UTF_8), token, Map.of())
        .ok().path("room_id").asText();
    assertTrue(roomId.startsWith("!"), roomId);

    XMPPTCPConnection xmpp = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(DOMAIN)
        .setHostAddress(InetAddress.getByName("127.0.0.1"))
        .setPort(details.xmppPort())
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(new AnyCertificate())
        .setUsernameAndPassword("alice", password)
        .setResource("up-" + UUID.randomUUID().toString().substring(0, 8))
        .setConnectTimeout(10_000)
        .build());
    xmpp.setReplyTimeout(30_000);
    // on IRC the admins are IRC operators with their password (docs/irc.md)
    try (IrcClient irc = IrcClient.overTls(details.ircTlsPort(), "alice", new AnyCertificate(), "irc." + DOMAIN)) {
      xmpp.connect().login();
      MultiUserChat room = MultiUserChatManager.getInstanceFor(xmpp)
          .getMultiUserChat(JidCreate.entityBareFrom(details.rooms().get("lobby").get("xmpp")));
      room.join(Resourcepart.from("alice-xmpp"));

      irc.send("OPER alice " + password);
      irc.await(IrcClient.numeric("381"), WAIT);
      irc.send("JOIN " + details.rooms().get("lobby").get("irc"));
      irc.await(IrcClient.numeric("366"), WAIT);

      String word = "hello from matrix, " + when + " " + UUID.randomUUID();
      http.put("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/send/m.room.message/"
          + UUID.randomUUID(), token, Map.of("msgtype", "m.text", "body", word)).ok();
      irc.await(line -> line.contains(word), WAIT);
      System.out.printf(Locale.ROOT, "./westchat up (%s): alice logged in on Matrix, XMPP and IRC, joined lobby on each,"
          + " and her Matrix message reached IRC, in %d ms%n", when, (System.nanoTime() - begin) / 1_000_000);
    } finally {
      xmpp.disconnect();
    }
  }

  @Test
  @Order(1)
  void aPortTakenIsOneLineNamingTheVariableThatMovesIt() throws Exception {
    int matrixPort = Integer.parseInt(environment.get("WESTCHAT_MATRIX_PORT"));
    try (ServerSocket taken = new ServerSocket(matrixPort, 1, InetAddress.getByName("127.0.0.1"))) {
      Map<String, String> otherFolder = new java.util.HashMap<>(environment);
      otherFolder.put("WESTCHAT_DATA_DIR", folder.resolve("other").toString());
      WestchatUp.Result refused = WestchatUp.run(otherFolder, "up", folder.resolve("community.yaml").toString());
      assertNotEquals(0, refused.exitCode());
      assertEquals(List.of("westchat up: port 127.0.0.1:" + matrixPort + " (Matrix) is taken by another program: stop it, or"
          + " choose another port with WESTCHAT_MATRIX_PORT=PORT ./westchat up"), refused.linesSaying("westchat up:"));
    }
  }

  @Test
  @Order(2)
  void withoutJavaOrWithoutRootUpSaysWhatToDoInOneLine() throws Exception {
    Path bin = Files.createDirectories(folder.resolve("bin-without-java"));
    for (String tool : List.of("bash", "dirname", "env", "cat", "sed", "head", "id")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin").resolve(tool).toRealPath());
    }
    WestchatUp.Result noJava = WestchatUp.runWithPath(environment, bin.toString(), "up");
    assertEquals(1, noJava.exitCode(), noJava.output());
    assertEquals("westchat: no java found: install a JDK 17 or newer (Debian: apt install openjdk-17-jdk-headless)",
        noJava.output().strip());

    WestchatUp.Result notRoot = WestchatUp.runAs("nobody", environment, "up");
    assertEquals(1, notRoot.exitCode(), notRoot.output());
    assertEquals("westchat up: the local node's containerd and kubelet need root: run sudo ./westchat up"
        + " (or --context NAME for a cluster you have)", notRoot.output().strip());
  }
}
