package net.freedommessenger.westchat.model.frontdoor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.rooms.CommunityRooms;

/**
 * The community's front door, https://&lt;domain&gt;/, for people who have never heard of Matrix,
 * XMPP or IRC: the community's name and rules, its open rooms with a join link per network, which
 * programs to install, and what federation means for them. Plain HTML (readable without
 * JavaScript), in English and German, rendered from the spec alone, so the same spec gives the
 * same bytes. Closed rooms are not listed.
 */
public final class FrontPage {

  /** The page's languages; the first is the default. */
  public enum Language {
    EN("en"), DE("de");

    public final String code;

    Language(String code) {
      this.code = code;
    }

    /** The page's file name in the delegation nginx's ConfigMap. */
    public String fileName() {
      return "index." + code + ".html";
    }
  }

  private FrontPage() {}

  public static String html(String communityName, WestchatCommunitySpec spec, Language language) {
    Words w = Words.of(language);
    CommunityHosts hosts = new CommunityHosts(spec.domain);
    Language other = language == Language.EN ? Language.DE : Language.EN;
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"").append(language.code).append("\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(communityName)).append(" – ").append(escape(spec.domain)).append("</title>\n")
        .append("<style>body{font-family:sans-serif;max-width:46em;margin:auto;padding:1em;line-height:1.5;color:#1a1a1a}"
            + "a{color:#0645ad}table{border-collapse:collapse}td,th{padding:.3em .6em;text-align:left;"
            + "border-bottom:1px solid #ccc}</style>\n")
        .append("</head>\n<body>\n")
        .append("<nav><a href=\"/").append(other.code).append("/\" hreflang=\"").append(other.code).append("\" lang=\"")
        .append(other.code).append("\">").append(w.otherLanguage).append("</a></nav>\n")
        .append("<header><h1>").append(escape(communityName)).append("</h1>\n<p>").append(w.intro(escape(spec.domain)))
        .append("</p></header>\n<main>\n");
    if (spec.rules != null && !spec.rules.isBlank()) {
      page.append("<section><h2>").append(w.rules).append("</h2>\n<p>").append(escape(spec.rules.strip()).replace("\n", "<br>\n"))
          .append("</p></section>\n");
    }
    List<Room> rooms = CommunityRooms.open(spec);
    page.append("<section><h2>").append(w.rooms).append("</h2>\n");
    if (rooms.isEmpty()) {
      page.append("<p>").append(w.noRooms).append("</p>\n");
    }
    for (Room room : rooms) {
      page.append("<h3>").append(escape(room.name)).append("</h3>\n");
      if (room.topic != null && !room.topic.isBlank()) {
        page.append("<p>").append(escape(room.topic)).append("</p>\n");
      }
      page.append("<ul>\n");
      if (spec.matrix.enabled) {
        String address = hosts.matrixRoom(room);
        page.append(link("https://matrix.to/#/" + encode(address), "Matrix", address));
      }
      if (spec.xmpp.enabled && spec.irc.enabled && spec.bridges.xmppIrc.enabled) {
        String address = hosts.xmppRoom(room);
        page.append(link("xmpp:" + encode(address).replace("%40", "@") + "?join", "XMPP", address));
      }
      if (spec.irc.enabled) {
        String channel = hosts.ircChannel(room);
        page.append(link("ircs://" + hosts.ircHost() + ":" + CommunityHosts.IRC_TLS_PORT + "/" + encode(channel), "IRC",
            channel + " " + w.on + " " + hosts.ircHost()));
      }
      page.append("</ul>\n");
    }
    page.append("</section>\n");
    if (WebChat.offered(spec)) {
      page.append("<section><h2>").append(w.webChatTitle).append("</h2>\n<p>").append(w.webChatText)
          .append(" <a href=\"").append(WebChat.path(language)).append("\">").append(w.webChatLink).append("</a></p>");
      if (WebChat.guestsWelcome(spec)) {
        page.append("\n<p>").append(w.guestText).append(" <a href=\"").append(WebChat.path(WebChat.Visitor.GUEST, language))
            .append("\">").append(w.guestLink).append("</a></p>");
      }
      page.append("</section>\n");
    }
    page.append("<section><h2>").append(w.programs).append("</h2>\n<table>\n<tr><th>").append(w.network).append("</th><th>")
        .append(w.programsColumn).append("</th><th>").append(w.address).append("</th></tr>\n");
    if (spec.matrix.enabled) {
      page.append(row("Matrix", "Element (Android, iOS, Windows, macOS, Linux, Web), FluffyChat (Android, iOS)",
          "@" + w.name + ":" + escape(spec.domain)));
    }
    if (spec.xmpp.enabled) {
      page.append(row("XMPP", "Conversations (Android), Monal (iOS, macOS), Gajim (Windows, Linux), Dino (Linux)",
          w.name + "@" + escape(spec.domain)));
    }
    if (spec.irc.enabled) {
      page.append(row("IRC", "HexChat (Windows, Linux), Revolution IRC (Android), Palaver (iOS), WeeChat (Linux, macOS)",
          escape(hosts.ircHost()) + ", " + w.port + " " + CommunityHosts.IRC_TLS_PORT + " (TLS)"));
    }
    page.append("</table>\n<p>").append(w.registration(spec.registration == null ? "invite" : spec.registration.toString()))
        .append("</p></section>\n");
    page.append("<section><h2>").append(w.federationTitle).append("</h2>\n<p>").append(w.federation(escape(spec.domain)))
        .append("</p></section>\n");
    page.append("</main>\n</body>\n</html>\n");
    return page.toString();
  }

  private static String link(String href, String network, String shown) {
    return "<li>" + network + ": <a href=\"" + escape(href) + "\">" + escape(shown) + "</a></li>\n";
  }

  private static String row(String network, String programs, String address) {
    return "<tr><td>" + network + "</td><td>" + programs + "</td><td>" + address + "</td></tr>\n";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  /** The page's sentences in one language. */
  private record Words(String otherLanguage, String introTemplate, String rules, String rooms, String noRooms, String on,
      String programs, String network, String programsColumn, String address, String name, String port,
      String openRegistration, String inviteRegistration, String closedRegistration, String federationTitle,
      String federationTemplate, String webChatTitle, String webChatText, String webChatLink, String guestText,
      String guestLink) {

    static Words of(Language language) {
      return language == Language.DE ? new Words("English",
          "Unser eigener Chat unter %s: dieselben Räume erreichst du mit Matrix, XMPP oder IRC, mit dem Programm deiner Wahl.",
          "Regeln", "Räume", "Noch keine Räume.", "auf",
          "Programme", "Netz", "Programme (Beispiele)", "deine Adresse", "name", "Port",
          "Jede*r kann sich selbst ein Konto anlegen.",
          "Konten gibt es auf Einladung: frag eine Admin oder einen Admin.",
          "Konten legen die Admins an: frag sie.",
          "Was heißt Föderation?",
          "Dein Konto bei %s ist nicht in einem Firmennetz eingesperrt: mit Matrix und XMPP kannst du mit Leuten auf "
              + "anderen Servern schreiben, wie bei E-Mail, und jede Gemeinschaft kann ihren eigenen Server betreiben. "
              + "Wer ein Konto woanders hat, kommt auch von dort in unsere Räume. Verschlüsselte Direktchats gibt es "
              + "in Matrix und XMPP; die gemeinsamen Räume sind unverschlüsselt, damit alle drei Netze sie lesen können.",
          "Im Browser",
          "Ohne etwas zu installieren: der Web-Chat öffnet die Räume hier im Browser, mit deinem XMPP-Konto.",
          "Web-Chat öffnen",
          "Noch kein Konto? Als Gast bist du sofort dabei, mit einem Namen deiner Wahl; wenn du gehst, bleibt nichts gespeichert.",
          "Als Gast chatten")
          : new Words("Deutsch",
          "Our own chat at %s: you reach the same rooms from Matrix, XMPP or IRC, with the program of your choice.",
          "Rules", "Rooms", "No rooms yet.", "on",
          "Programs", "Network", "Programs (examples)", "Your address", "name", "port",
          "Anyone can make an account.",
          "Accounts are by invitation: ask one of the admins.",
          "The admins make accounts: ask them.",
          "What does federation mean?",
          "Your account at %s is not locked into one company's network: with Matrix and XMPP you can talk to people on "
              + "other servers, as with e-mail, and any community can run its own server. People with an account "
              + "elsewhere can join our rooms from there. Matrix and XMPP offer encrypted direct chats; the shared rooms "
              + "are not encrypted, so that all three networks can read them.",
          "In the browser",
          "Nothing to install: the web chat opens the rooms right here in your browser, with your XMPP account.",
          "Open the web chat",
          "No account yet? As a guest you are in at once, with a name of your choice; when you leave, nothing is kept.",
          "Chat as a guest");
    }

    String intro(String domain) {
      return introTemplate.formatted(domain);
    }

    String federation(String domain) {
      return federationTemplate.formatted(domain);
    }

    String registration(String mode) {
      return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
        case "open" -> openRegistration;
        case "closed" -> closedRegistration;
        default -> inviteRegistration;
      };
    }
  }
}
