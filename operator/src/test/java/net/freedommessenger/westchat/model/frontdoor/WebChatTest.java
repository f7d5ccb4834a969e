package net.freedommessenger.westchat.model.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.frontdoor.FrontPage.Language;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;
import org.junit.jupiter.api.Test;

class WebChatTest {

  static final String SPEC = """
      rooms:
        - name: spam
        - name: lobby
      moderation:
        closedRooms:
          - room: spam
            reason: spam
      """;
  static final WestchatCommunity COMMUNITY = TestCommunities.minimalWith(SPEC);

  @Test
  void joinsTheFirstOpenRoomThroughTheIrcGatewaySoEveryNetworkSeesIt() {
    assertEquals(Optional.of("#lobby@irc.westchat.example.org"), WebChat.lobby(COMMUNITY.getSpec()));
    String page = WebChat.html("westchat", COMMUNITY.getSpec(), Language.EN);
    assertTrue(page.contains("auto_join_rooms: ['#lobby@irc.westchat.example.org'],"), page);
    assertTrue(page.contains("muc_domain: 'irc.westchat.example.org',"), page);
    assertTrue(page.contains("locked_domain: 'westchat.example.org',"), page);
    assertFalse(page.contains("spam"), "a closed room is not joined");
  }

  @Test
  void withoutTheIrcGatewayTheLobbyIsAGroupChatOfProsody() {
    var spec = TestCommunities.minimalWith(SPEC + "bridges: {xmppIrc: {enabled: false}}\n").getSpec();
    assertEquals(Optional.of("lobby@conference.westchat.example.org"), WebChat.lobby(spec));
    assertEquals(Optional.empty(), WebChat.lobby(TestCommunities.minimalWith("").getSpec()), "no rooms, nothing to join");
    assertTrue(WebChat.html("westchat", TestCommunities.minimalWith("").getSpec(), Language.EN).contains("auto_join_rooms: [],"));
  }

  @Test
  void registrationIsOfferedOnlyWhenItIsOpen() {
    String invite = WebChat.html("westchat", COMMUNITY.getSpec(), Language.EN);
    assertTrue(invite.contains("allow_registration: false,"), invite);
    assertFalse(invite.contains("registration_domain"), invite);
    String open = WebChat.html("westchat", TestCommunities.minimalWith(SPEC + "registration: open\n").getSpec(), Language.EN);
    assertTrue(open.contains("allow_registration: true,\n  registration_domain: 'westchat.example.org',"), open);
    String closed = WebChat.html("westchat", TestCommunities.minimalWith(SPEC + "registration: closed\n").getSpec(), Language.EN);
    assertTrue(closed.contains("allow_registration: false,"), closed);
    assertTrue(open.contains("authentication: 'login',") && invite.contains("authentication: 'login',"));
  }

  @Test
  void connectsToTheWebSocketOfThePagesOwnHostAndLoadsConverseAsAModule() {
    String page = WebChat.html("westchat", COMMUNITY.getSpec(), Language.DE);
    assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"de\">"), page);
    assertTrue(page.contains("<script type=\"module\" src=\"/converse/converse.min.js\"></script>"), page);
    assertTrue(page.contains("<link rel=\"stylesheet\" href=\"/converse/converse.min.css\">"), page);
    assertTrue(page.contains("websocket_url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + "
        + "'/xmpp-websocket',"), page);
    assertTrue(page.contains("i18n: 'de',"), page);
    assertTrue(page.contains("<noscript>") && page.contains("<a href=\"/de/\">Zur Startseite</a>"), page);
    assertTrue(page.contains("xmpp_providers_url: '',"), "no list of servers from the internet");
  }

  @Test
  void xmppWebChatFalseTurnsTheWebChatOffOnThePageAndInNginx() {
    var community = TestCommunities.minimalWith(SPEC + "xmpp: {webChat: false}\n");
    assertFalse(WebChat.offered(community.getSpec()));
    assertFalse(MatrixDelegation.configFiles(community).keySet().stream().anyMatch(f -> f.startsWith("chat.")),
        MatrixDelegation.configFiles(community).keySet().toString());
    assertFalse(FrontPage.html("westchat", community.getSpec(), Language.EN).contains("/en/chat/"));
    String nginx = MatrixDelegation.nginxConfig(community.getSpec(), MatrixDelegation.Site.inCluster(community));
    assertFalse(nginx.contains(WebChat.WEBSOCKET_PATH), nginx);
    assertEquals(List.of("nginx", "-c", "/config/nginx.conf", "-g", "daemon off;"), MatrixDelegation.command(community));
    assertTrue(WebChat.offered(COMMUNITY.getSpec()), "on by default");
  }

  @Test
  void theSameSpecGivesTheSameBytes() {
    for (Language language : Language.values()) {
      assertEquals(WebChat.html("westchat", COMMUNITY.getSpec(), language),
          WebChat.html("westchat", TestCommunities.minimalWith(SPEC).getSpec(), language));
    }
  }

  @Test
  void textInTheScriptCannotEndTheStringOrTheScript() {
    assertEquals("'it\\'s'", ScriptText.string("it's"));
    assertEquals("'a\\\\b'", ScriptText.string("a\\b"));
    assertEquals("'\\u003c/script\\u003e\\u003c!--'", ScriptText.string("</script><!--"));
    assertEquals("'\\n\\u000d\\u2028\\u2029\\u0026\\u0022'", ScriptText.string("\n\r\u2028\u2029&\""));
    assertEquals("'Grüße'", ScriptText.string("Grüße"));
    assertEquals("['a', 'b']", ScriptText.strings(List.of("a", "b")));
    assertEquals("[]", ScriptText.strings(List.of()));
  }

  @Test
  void theFrontPageLinksToTheWebChatInItsLanguage() {
    assertTrue(FrontPage.html("westchat", COMMUNITY.getSpec(), Language.EN).contains("<a href=\"/en/chat/\">Open the web chat</a>"));
    assertTrue(FrontPage.html("westchat", COMMUNITY.getSpec(), Language.DE).contains("<a href=\"/de/chat/\">Web-Chat öffnen</a>"));
    var noXmpp = TestCommunities.minimalWith("xmpp: {enabled: false}\nbridges: {xmppIrc: {enabled: false}}\n");
    assertFalse(FrontPage.html("westchat", noXmpp.getSpec(), Language.EN).contains("/chat/"), "no XMPP, no web chat");
    assertFalse(MatrixDelegation.pageFiles(noXmpp).containsKey("chat.en.html"));
  }

  @Test
  void theDelegationNginxServesThePagesConverseAndPassesTheWebSocketToProsody() {
    var files = MatrixDelegation.configFiles(COMMUNITY);
    assertEquals(List.of("chat.de.html", "chat.en.html", "index.de.html", "index.en.html", "nginx.conf"), List.copyOf(files.keySet()));
    String nginx = files.get("nginx.conf");
    assertTrue(nginx.contains("rewrite ^/(en|de)/chat/$ /chat.$1.html last;"), nginx);
    assertTrue(nginx.contains("location /converse/ {\n      alias /usr/share/converse.js/dist/;"), nginx);
    assertTrue(nginx.contains("text/javascript js;"), "module scripts need a JavaScript type: " + nginx);
    assertTrue(nginx.contains("location = /xmpp-websocket {\n      proxy_pass http://westchat-prosody:5280/xmpp-websocket;"), nginx);
    assertTrue(nginx.contains("proxy_set_header Upgrade $http_upgrade;"), nginx);
    assertTrue(nginx.contains("proxy_set_header Host westchat.example.org;"), "Prosody answers on the community's host: " + nginx);

    String alone = MatrixDelegation.nginxConfig(COMMUNITY.getSpec(), "127.0.0.1:1");
    assertFalse(alone.contains("proxy_pass") || alone.contains("/converse/"), "the delegation alone passes nothing on: " + alone);
    var noXmpp = TestCommunities.minimalWith("xmpp: {enabled: false}\nbridges: {xmppIrc: {enabled: false}}\n");
    assertFalse(MatrixDelegation.configFiles(noXmpp).get("nginx.conf").contains("/chat/"));
  }

  @Test
  void withOpenRegistrationGuestsGetAPageThatLogsThemInAnonymouslyToTheGuestHost() {
    var open = TestCommunities.minimalWith(SPEC + "registration: open\n");
    assertTrue(WebChat.guestsWelcome(open.getSpec()));
    String guest = WebChat.html("westchat", open.getSpec(), WebChat.Visitor.GUEST, Language.EN);
    assertTrue(guest.contains("authentication: 'anonymous',\n  jid: 'guest.westchat.example.org',\n  auto_login: true,"), guest);
    assertTrue(guest.contains("auto_join_rooms: ['#lobby@irc.westchat.example.org'],"), guest);
    assertTrue(guest.contains("muc_nickname_from_jid: false,"), "a guest's name is random; Converse asks for a nickname");
    assertTrue(guest.contains("allow_registration: false,"), "the guests' page makes no accounts: " + guest);
    assertFalse(guest.contains("locked_domain"), guest);
    assertEquals("/de/chat/guest/", WebChat.path(WebChat.Visitor.GUEST, Language.DE));

    var files = MatrixDelegation.configFiles(open);
    assertEquals(List.of("chat-guest.de.html", "chat-guest.en.html", "chat.de.html", "chat.en.html", "index.de.html",
        "index.en.html", "nginx.conf"), List.copyOf(files.keySet()));
    assertTrue(files.get("nginx.conf").contains("rewrite ^/(en|de)/chat/guest/$ /chat-guest.$1.html last;"), files.get("nginx.conf"));
    assertTrue(FrontPage.html("westchat", open.getSpec(), Language.EN).contains("<a href=\"/en/chat/guest/\">Chat as a guest</a>"));
    assertTrue(FrontPage.html("westchat", open.getSpec(), Language.DE).contains("<a href=\"/de/chat/guest/\">Als Gast chatten</a>"));
  }

  @Test
  void invitedOrClosedCommunitiesAndCommunitiesWithoutTheWebChatHaveNoGuests() {
    for (String spec : List.of("", "registration: closed\n", "registration: open\nxmpp: {webChat: false}\n")) {
      var community = TestCommunities.minimalWith(SPEC + spec);
      assertFalse(WebChat.guestsWelcome(community.getSpec()), spec);
      assertFalse(MatrixDelegation.configFiles(community).keySet().stream().anyMatch(f -> f.startsWith("chat-guest")), spec);
      assertFalse(MatrixDelegation.configFiles(community).get("nginx.conf").contains("/chat/guest/"), spec);
      assertFalse(FrontPage.html("westchat", community.getSpec(), Language.EN).contains("guest"), spec);
    }
  }
}
