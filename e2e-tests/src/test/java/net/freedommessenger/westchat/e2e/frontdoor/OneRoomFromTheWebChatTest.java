package net.freedommessenger.westchat.e2e.frontdoor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.RoomAddress;
import net.freedommessenger.westchat.api.status.RoomStatus;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.e2e.irc.RenderedIrc;
import net.freedommessenger.westchat.e2e.matrix.RenderedMatrix;
import net.freedommessenger.westchat.e2e.rooms.CommunityOnLoopback;
import net.freedommessenger.westchat.e2e.servers.ChromeDriverServer;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.LoopbackServers;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.NginxServer;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;
import net.freedommessenger.westchat.e2e.xmpp.RenderedXmpp;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.frontdoor.FrontPage.Language;
import net.freedommessenger.westchat.model.frontdoor.WebChat;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.parts.Localpart;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The front door in a real browser: the community of the headline test (the operator in the test
 * JVM against a real API server, real Synapse, Prosody with Biboumi, Ergo and Heisenbridge on
 * loopback), and the delegation nginx from its rendered config serving the front page, the web
 * chat and Converse.js' files, and passing the XMPP WebSocket on to Prosody. Headless Chromium
 * opens /en/ and /de/, whose room links lead to the room on each network; a user logs in through
 * Converse.js, joins the lobby, and their message reaches the Matrix and the IRC user, whose
 * answer shows in the browser; a guest without an account does the same from the guests' chat.
 * axe-core checks the pages; screenshots land in
 * target/screenshots/. Delivery times are printed, figures and not assertions.
 */
@ExtendWith(ApiServerExtension.class)
class OneRoomFromTheWebChatTest {

  static final String NS = "web-chat";
  static final String DOMAIN = "westchat.example.org";
  static final Duration WAIT = Duration.ofSeconds(180);
  static final Duration HOP = Duration.ofSeconds(30);
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
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
  void aBrowserUserPostsInTheLobbyAndMatrixAndIrcReadIt(ApiServer apiServer) throws Exception {
    Path converse = TestEnvironment.converseDist();
    TestEnvironment.axeScript();
    TestEnvironment.chromium();
    KubernetesClient client = apiServer.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
    LoopbackServers loopback = new LoopbackServers();
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(apiServer.newClient(), loopback.reconciler())) {
      WestchatCommunity resource = CommunityFile.parse(YAML);
      resource.getMetadata().setNamespace(NS);
      client.resource(resource).create();
      WestchatCommunity community = CommunityFile.parse(YAML);
      community.getMetadata().setNamespace(NS);
      CommunityOnLoopback chat = CommunityOnLoopback.start(this.servers, client, community, loopback);
      RenderedMatrix matrix = chat.matrix();
      RenderedIrc irc = chat.irc();
      RenderedXmpp xmpp = chat.xmpp();
      RoomStatus lobby = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
        markReady(client, community);
        return lobbyStatus(client);
      }, r -> r.isPresent() && ready(r.get().matrix) && ready(r.get().xmpp) && ready(r.get().irc)).orElseThrow();

      // the delegation nginx as in its pod: rendered config and pages, Converse's files, Prosody's HTTP port behind it
      Path site = servers.directory("delegation");
      copyWithoutSourceMaps(converse, site.resolve("converse"));
      int port = LoopbackPorts.take();
      Files.writeString(site.resolve(NginxServer.CONFIG_FILE), MatrixDelegation.nginxConfig(community.getSpec(),
          new MatrixDelegation.Site(LoopbackPorts.HOST + ":" + port, site.toString(), site.resolve("converse").toString(),
              LoopbackPorts.HOST + ":" + xmpp.site().httpPort())));
      for (Map.Entry<String, String> page : MatrixDelegation.pageFiles(community).entrySet()) {
        Files.writeString(site.resolve(page.getKey()), page.getValue());
      }
      NginxServer nginx = servers.add(NginxServer.start(site, port));

      // a Matrix user and an IRC user in the lobby, and an XMPP account for the browser, made as in the headline test
      SynapseAdminApi synapse = new SynapseAdminApi(matrix.synapse().baseUrl());
      synapse.registerWithSharedSecret(matrix.registrationSharedSecret(), "mara", "mara-password-1", false);
      String mara = synapse.login("mara", "mara-password-1");
      MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
      String roomId = http.post("/_matrix/client/v3/join/" + encode(lobby.matrix.address), mara, Map.of()).ok()
          .path("room_id").asText();
      XMPPTCPConnection signUp = xmpp.connectAnonymously();
      AccountManager.getInstance(signUp).createAccount(Localpart.from("wren"), "wren-password-1");
      signUp.disconnect();

      ChromeDriverServer chromedriver = servers.add(ChromeDriverServer.start(servers.directory("chromium")));
      RemoteWebDriver browser = chromedriver.browser("en-US");
      try (IrcClient ira = new IrcClient(irc.ergo().port(), "ira")) {
        ira.send("JOIN " + lobby.irc.address);
        ira.await(IrcClient.numeric("366"), HOP);

        // the front page in both languages: the room's link on each network leads to the room
        browser.get(nginx.baseUrl() + "/en/");
        checkRoomLinks(browser, http, mara, roomId, lobby, community);
        WebElement english = browser.findElement(By.linkText("Open the web chat"));
        assertEquals(WebChat.path(Language.EN), english.getDomAttribute("href"));
        AxeCheck axeEn = AxeCheck.run(browser, "/en/");
        screenshot(browser, "front-page-en.png", true);
        browser.findElement(By.linkText("Deutsch")).click();
        new WebDriverWait(browser, HOP).until(ExpectedConditions.urlToBe(nginx.baseUrl() + "/de/"));
        assertEquals("de", browser.findElement(By.tagName("html")).getDomAttribute("lang"));
        checkRoomLinks(browser, http, mara, roomId, lobby, community);
        assertEquals("/de/chat/", browser.findElement(By.linkText("Web-Chat öffnen")).getDomAttribute("href"));
        assertTrue(nginx.get("/de/chat/").body().contains("i18n: 'de'"), "the German web chat is there too");
        AxeCheck axeDe = AxeCheck.run(browser, "/de/");
        screenshot(browser, "front-page-de.png", true);
        System.out.println(axeEn.summary());
        System.out.println(axeDe.summary());

        // the web chat: log in, the lobby opens by itself, post; then the IRC user answers
        browser.findElement(By.linkText("English")).click();
        browser.findElement(By.linkText("Open the web chat")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(20));
        WebElement jid = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("converse-login-jid")));
        AxeCheck axeLogin = AxeCheck.run(browser, "/en/chat/ (login)");
        screenshot(browser, "web-chat-login.png", false);
        jid.sendKeys("wren");
        browser.findElement(By.id("converse-login-password")).sendKeys("wren-password-1");
        long loggingIn = System.nanoTime();
        browser.findElement(By.cssSelector("#converse-login button[type=submit]")).click();
        WebElement textarea = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("converse-muc .chat-textarea")));
        ira.await(line -> line.startsWith(":wren") && line.contains(" JOIN "), HOP);
        long inLobby = System.nanoTime();

        textarea.sendKeys("hello from the browser");
        long t0 = System.nanoTime();
        textarea.sendKeys(Keys.ENTER);
        ira.await(line -> line.startsWith(":wren") && line.contains("PRIVMSG #lobby :hello from the browser"), HOP);
        long browserToIrc = System.nanoTime();
        awaitMatrix(http, mara, roomId, "hello from the browser");
        long browserToMatrix = System.nanoTime();

        ira.send("PRIVMSG #lobby :hello from irc to the browser");
        long t1 = System.nanoTime();
        wait.until(d -> (Boolean) browser.executeScript("return [...document.querySelectorAll('converse-muc .chat-msg__text')]"
            + ".some(e => e.textContent.includes(arguments[0]))", "hello from irc to the browser"));
        long ircToBrowser = System.nanoTime();
        AxeCheck axeChat = AxeCheck.run(browser, "/en/chat/ (lobby)");
        screenshot(browser, "web-chat.png", false);

        GuestTimes guestTimes = aGuestPostsInTheLobby(chromedriver, nginx, ira, http, mara, roomId);

        System.out.println(axeLogin.summary());
        System.out.println(axeChat.summary());
        System.out.printf("Web chat: logged in and in the lobby (IRC saw the join) %d ms after the click%n", ms(loggingIn, inLobby));
        System.out.printf("  browser->IRC %d ms, browser->Matrix %d ms (through IRC), IRC->browser %d ms%n",
            ms(t0, browserToIrc), ms(t0, browserToMatrix), ms(t1, ircToBrowser));
        System.out.printf("Guest: in the lobby (IRC saw the join) %d ms after the nickname, guest->IRC %d ms, guest->Matrix %d ms%n",
            guestTimes.nicknameToLobby(), guestTimes.toIrc(), guestTimes.toMatrix());
        assertEquals(List.of(), axeEn.seriousOrWorse(), axeEn.summary());
        assertEquals(List.of(), axeDe.seriousOrWorse(), axeDe.summary());
      } finally {
        browser.quit();
      }
    }
  }

  record GuestTimes(long nicknameToLobby, long toIrc, long toMatrix) {}

  /**
   * Someone without an account, in a browser of their own that asks for German: the front page's
   * guest link opens the guests' chat, which logs in by itself on the guest host; they choose a
   * nickname, the lobby opens, and what they write reaches the IRC and the Matrix user.
   */
  static GuestTimes aGuestPostsInTheLobby(ChromeDriverServer chromedriver, NginxServer nginx, IrcClient ira, MatrixHttp http,
      String token, String roomId) throws Exception {
    RemoteWebDriver guest = chromedriver.browser("de-DE");
    try {
      guest.get(nginx.baseUrl() + "/");
      guest.findElement(By.linkText("Als Gast chatten")).click();
      WebDriverWait wait = new WebDriverWait(guest, Duration.ofSeconds(60), Duration.ofMillis(20));
      wait.until(ExpectedConditions.urlToBe(nginx.baseUrl() + WebChat.path(WebChat.Visitor.GUEST, Language.DE)));
      WebElement nick = wait.until(ExpectedConditions.visibilityOfElementLocated(
          By.cssSelector("converse-muc-nickname-form input[name=nick]")));
      screenshot(guest, "web-chat-guest-nickname.png", false);
      nick.sendKeys("gast");
      long named = System.nanoTime();
      guest.findElement(By.cssSelector("converse-muc-nickname-form input[name=join]")).click();
      WebElement textarea = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("converse-muc .chat-textarea")));
      ira.await(line -> line.startsWith(":gast") && line.contains(" JOIN "), HOP);
      long inLobby = System.nanoTime();
      textarea.sendKeys("hallo vom Gast");
      long t0 = System.nanoTime();
      textarea.sendKeys(Keys.ENTER);
      ira.await(line -> line.startsWith(":gast") && line.contains("PRIVMSG #lobby :hallo vom Gast"), HOP);
      long toIrc = System.nanoTime();
      awaitMatrix(http, token, roomId, "hallo vom Gast");
      long toMatrix = System.nanoTime();
      screenshot(guest, "web-chat-guest.png", false);
      return new GuestTimes(ms(named, inLobby), ms(t0, toIrc), ms(t0, toMatrix));
    } finally {
      guest.quit();
    }
  }

  /**
   * The lobby's three links on the page shown: matrix.to names the alias that Synapse resolves to
   * the Matrix user's room, xmpp: the room the web chat joins, ircs: the channel on the IRC host.
   */
  static void checkRoomLinks(RemoteWebDriver browser, MatrixHttp http, String token, String roomId, RoomStatus lobby,
      WestchatCommunity community) {
    List<String> links = browser.findElements(By.cssSelector("main a")).stream().map(a -> a.getDomAttribute("href")).toList();
    String matrixLink = only(links, "https://matrix.to/#/");
    String alias = URLDecoder.decode(matrixLink.substring("https://matrix.to/#/".length()), StandardCharsets.UTF_8);
    assertEquals(lobby.matrix.address, alias);
    assertEquals(roomId, http.get("/_matrix/client/v3/directory/room/" + encode(alias), token).ok().path("room_id").asText(),
        "the alias of the Matrix link leads to the room the Matrix user is in");
    String xmppLink = only(links, "xmpp:");
    assertTrue(xmppLink.endsWith("?join"), xmppLink);
    String room = URLDecoder.decode(xmppLink.substring("xmpp:".length(), xmppLink.length() - "?join".length()), StandardCharsets.UTF_8);
    assertEquals(lobby.xmpp.address, room);
    assertEquals(Optional.of(room), WebChat.lobby(community.getSpec()), "the web chat joins the linked room");
    URI ircLink = URI.create(only(links, "ircs://"));
    assertEquals(new CommunityHosts(DOMAIN).ircHost(), ircLink.getHost());
    assertEquals(CommunityHosts.IRC_TLS_PORT, ircLink.getPort());
    assertEquals("/" + lobby.irc.address, URLDecoder.decode(ircLink.getRawPath(), StandardCharsets.UTF_8));
  }

  static String only(List<String> links, String prefix) {
    List<String> found = links.stream().filter(l -> l != null && l.startsWith(prefix)).toList();
    assertEquals(1, found.size(), "one " + prefix + " link on the page: " + links);
    return found.get(0);
  }

  static void screenshot(RemoteWebDriver browser, String file, boolean wholePage) throws IOException {
    Dimension window = browser.manage().window().getSize();
    if (wholePage) {
      long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
      browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.max(height + 100, window.getHeight())));
    }
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(file), browser.getScreenshotAs(OutputType.BYTES));
    browser.manage().window().setSize(window);
    System.out.println("screenshot: " + SCREENSHOTS.resolve(file).toAbsolutePath());
  }

  /** Converse.js' dist folder as the image would hold it, without the source maps no browser asks for. */
  static void copyWithoutSourceMaps(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().endsWith(".map")) {
          Files.copy(file, target);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static void markReady(KubernetesClient client, WestchatCommunity community) {
    FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-postgres");
    FakeWorkloadController.markDeploymentAvailable(client, NS, "westchat-synapse");
    FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-prosody");
    FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-ergo");
    FakeWorkloadController.markDeploymentAvailable(client, NS, HeisenbridgeObjects.name(community));
  }

  static Optional<RoomStatus> lobbyStatus(KubernetesClient client) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    return community.getStatus() == null ? Optional.empty()
        : community.getStatus().rooms.stream().filter(r -> r.name.equals("lobby")).findFirst();
  }

  static boolean ready(RoomAddress address) {
    return address != null && Boolean.TRUE.equals(address.ready);
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
      Thread.sleep(50);
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
