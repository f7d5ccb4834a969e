package net.freedommessenger.westchat.model.frontdoor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.frontdoor.FrontPage.Language;
import net.freedommessenger.westchat.model.prosody.ProsodyConfig;
import net.freedommessenger.westchat.model.rooms.CommunityRooms;

/**
 * The community's web chat at https://&lt;domain&gt;/en/chat/ and /de/chat/: Converse.js, an XMPP
 * client that runs in the browser, preset to the community's XMPP domain and its lobby (the first
 * open room of the spec). It talks to Prosody over a WebSocket at {@value #WEBSOCKET_PATH} of the
 * same host, which the delegation nginx passes on to Prosody's HTTP port; its program files are
 * served at {@value #ASSETS_PATH}. People log in with their XMPP account; with open registration
 * the chat also offers to make one, and a second page at /en/chat/guest/ and /de/chat/guest/ lets
 * people in as guests, without an account. The pages are rendered from the spec alone: the same
 * spec gives the same bytes.
 */
public final class WebChat {

  /** The Converse.js release the page is written for and the tests run. */
  public static final String CONVERSE_VERSION = "14.0.0";
  /** Where the page finds Converse.js' files (converse.min.js, converse.min.css and what they load). */
  public static final String ASSETS_PATH = "/converse/";
  /** Where the page opens its XMPP connection, on the host that served it; Prosody's own path for it. */
  public static final String WEBSOCKET_PATH = "/xmpp-websocket";
  /** Converse pings this often (seconds), so that proxies with a 60 s idle timeout keep the connection. */
  static final int PING_SECONDS = 45;

  private WebChat() {}

  /** Whether the community has a web chat: it has an XMPP server, and spec.xmpp.webChat does not turn it off. */
  public static boolean offered(WestchatCommunitySpec spec) {
    return spec.xmpp.enabled && !Boolean.FALSE.equals(spec.xmpp.webChat);
  }

  /**
   * Whether the web chat lets guests in without an account: only where anyone may make one
   * (spec.registration: open), so a guest can do nothing a new account could not. A guest joins
   * the rooms through the IRC gateway, where every member speaks, so there is no read-only guest
   * for invite-only or closed communities.
   */
  public static boolean guestsWelcome(WestchatCommunitySpec spec) {
    return offered(spec) && spec.registration == Registration.OPEN;
  }

  /** Who a chat page is for: members who log in to their account, or guests without one. */
  public enum Visitor {
    MEMBER("chat", "/chat/"),
    GUEST("chat-guest", "/chat/guest/");

    final String filePrefix;
    final String pathSuffix;

    Visitor(String filePrefix, String pathSuffix) {
      this.filePrefix = filePrefix;
      this.pathSuffix = pathSuffix;
    }
  }

  /** The pages the spec asks for: none without the web chat, the guests' page only with open registration. */
  public static List<Visitor> visitors(WestchatCommunitySpec spec) {
    if (!offered(spec)) {
      return List.of();
    }
    return guestsWelcome(spec) ? List.of(Visitor.MEMBER, Visitor.GUEST) : List.of(Visitor.MEMBER);
  }

  /** The members' page's file name in the delegation nginx's ConfigMap. */
  public static String fileName(Language language) {
    return fileName(Visitor.MEMBER, language);
  }

  public static String fileName(Visitor visitor, Language language) {
    return visitor.filePrefix + "." + language.code + ".html";
  }

  /** The members' page's address on the community's host. */
  public static String path(Language language) {
    return path(Visitor.MEMBER, language);
  }

  public static String path(Visitor visitor, Language language) {
    return "/" + language.code + visitor.pathSuffix;
  }

  /**
   * The group chat the page joins: the first open room of the spec, as XMPP users reach it (through
   * the IRC gateway when the XMPP-IRC bridge runs, so the room is the one of every network; else a
   * group chat of Prosody's own); empty without open rooms.
   */
  public static Optional<String> lobby(WestchatCommunitySpec spec) {
    List<Room> rooms = CommunityRooms.open(spec);
    return rooms.isEmpty() ? Optional.empty() : Optional.of(xmppRoom(spec, rooms.get(0)));
  }

  /** The service where the community's rooms are, for rooms a user names without a domain. */
  static String roomService(WestchatCommunitySpec spec) {
    CommunityHosts hosts = new CommunityHosts(spec.domain);
    return ProsodyConfig.ircGateway(spec) ? hosts.ircHost() : hosts.conferenceHost();
  }

  private static String xmppRoom(WestchatCommunitySpec spec, Room room) {
    return ProsodyConfig.ircGateway(spec) ? new CommunityHosts(spec.domain).xmppRoom(room)
        : room.name + "@" + new CommunityHosts(spec.domain).conferenceHost();
  }

  /** The members' page. */
  public static String html(String communityName, WestchatCommunitySpec spec, Language language) {
    return html(communityName, spec, Visitor.MEMBER, language);
  }

  public static String html(String communityName, WestchatCommunitySpec spec, Visitor visitor, Language language) {
    Words w = Words.of(language);
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"").append(language.code).append("\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(w.title).append(" – ").append(FrontPage.escape(communityName)).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"").append(ASSETS_PATH).append("converse.min.css\">\n")
        .append("<script type=\"module\" src=\"").append(ASSETS_PATH).append("converse.min.js\"></script>\n")
        .append("</head>\n<body>\n")
        .append("<noscript><h1>").append(w.title).append("</h1>\n<p>").append(w.noScript).append(" <a href=\"/")
        .append(language.code).append("/\">").append(w.frontPage).append("</a></p></noscript>\n")
        .append("<script type=\"module\">\n")
        .append("converse.initialize(").append(settings(spec, visitor, language)).append(");\n")
        .append("</script>\n</body>\n</html>\n");
    return page.toString();
  }

  /** Converse's settings for members, one per line, in a fixed order. */
  static String settings(WestchatCommunitySpec spec, Language language) {
    return settings(spec, Visitor.MEMBER, language);
  }

  /**
   * Converse's settings, one per line, in a fixed order. Members log in to an account of the
   * domain and take its name as their nickname; guests are logged in anonymously to the guest host
   * as soon as the page opens, and Converse asks them for a nickname when the lobby opens.
   */
  static String settings(WestchatCommunitySpec spec, Visitor visitor, Language language) {
    List<String> lines = new ArrayList<>();
    lines.add("assets_path: " + ScriptText.string(ASSETS_PATH));
    // the page's own host: https gives wss, and a test on plain http gives ws
    lines.add("websocket_url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + "
        + ScriptText.string(WEBSOCKET_PATH));
    lines.add("discover_connection_methods: false");
    lines.add("view_mode: 'fullscreen'");
    lines.add("i18n: " + ScriptText.string(language.code));
    if (visitor == Visitor.GUEST) {
      lines.add("authentication: 'anonymous'");
      lines.add("jid: " + ScriptText.string(new CommunityHosts(spec.domain).guestHost()));
      lines.add("auto_login: true");
    } else {
      lines.add("authentication: 'login'");
      lines.add("locked_domain: " + ScriptText.string(spec.domain));
      lines.add("domain_placeholder: " + ScriptText.string(spec.domain));
    }
    lines.add("muc_domain: " + ScriptText.string(roomService(spec)));
    lines.add("auto_join_rooms: " + ScriptText.strings(lobby(spec).stream().toList()));
    lines.add("muc_nickname_from_jid: " + (visitor == Visitor.MEMBER));
    boolean signUp = visitor == Visitor.MEMBER && spec.registration == Registration.OPEN;
    lines.add("allow_registration: " + signUp);
    if (signUp) {
      lines.add("registration_domain: " + ScriptText.string(spec.domain));
    }
    // no lists of other servers from the internet: accounts are made here or not at all
    lines.add("xmpp_providers_url: ''");
    lines.add("autocomplete_providers_url: ''");
    lines.add("play_sounds: false");
    lines.add("ping_interval: " + PING_SECONDS);
    return "{\n  " + String.join(",\n  ", lines) + "\n}";
  }

  /** The page's sentences in one language. */
  private record Words(String title, String noScript, String frontPage) {

    static Words of(Language language) {
      return language == Language.DE
          ? new Words("Im Browser chatten",
              "Dieser Chat läuft im Browser und braucht JavaScript. Ohne JavaScript nimm eines der Programme von der Startseite.",
              "Zur Startseite")
          : new Words("Chat in the browser",
              "This chat runs in the browser and needs JavaScript. Without it, use one of the programs on the front page.",
              "To the front page");
    }
  }
}
