package net.freedommessenger.westchat.model.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.frontdoor.FrontPage.Language;
import org.junit.jupiter.api.Test;

class FrontPageTest {

  static final String SPEC = """
      rules: "Be kind. <No> spam & no ads."
      rooms:
        - name: lobby
          topic: Hallo!
        - name: technik
      moderation:
        closedRooms:
          - room: technik
            reason: spam
      """;
  static final WestchatCommunity COMMUNITY = TestCommunities.minimalWith(SPEC);

  @Test
  void listsTheOpenRoomsWithAJoinLinkPerNetworkAndLeavesClosedRoomsOut() {
    String page = FrontPage.html("westchat", COMMUNITY.getSpec(), Language.EN);
    assertTrue(page.contains("<a href=\"https://matrix.to/#/%23lobby%3Awestchat.example.org\">#lobby:westchat.example.org</a>"),
        page);
    assertTrue(page.contains("<a href=\"xmpp:%23lobby@irc.westchat.example.org?join\">"), page);
    assertTrue(page.contains("<a href=\"ircs://irc.westchat.example.org:6697/%23lobby\">"), page);
    assertTrue(page.contains("<p>Hallo!</p>"), "the topic: " + page);
    assertFalse(page.contains("technik"), "a closed room is not listed");
  }

  @Test
  void theSpecsTextIsEscapedSoItCannotAddMarkup() {
    String page = FrontPage.html("westchat", COMMUNITY.getSpec(), Language.EN);
    assertTrue(page.contains("Be kind. &lt;No&gt; spam &amp; no ads."), page);
    assertFalse(page.contains("<No>"));
  }

  @Test
  void germanAndEnglishLinkToEachOtherAndSayTheSame() {
    String en = FrontPage.html("westchat", COMMUNITY.getSpec(), Language.EN);
    String de = FrontPage.html("westchat", COMMUNITY.getSpec(), Language.DE);
    assertTrue(en.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
    assertTrue(de.startsWith("<!DOCTYPE html>\n<html lang=\"de\">"));
    assertTrue(en.contains("<a href=\"/de/\" hreflang=\"de\" lang=\"de\">Deutsch</a>"), en);
    assertTrue(de.contains("<a href=\"/en/\" hreflang=\"en\" lang=\"en\">English</a>"), de);
    assertTrue(de.contains("Was heißt Föderation?") && en.contains("What does federation mean?"));
    assertTrue(de.contains("Konten gibt es auf Einladung") && en.contains("Accounts are by invitation"), "registration: invite");
    assertEquals(en.split("<li>").length, de.split("<li>").length, "the same links in both");
  }

  @Test
  void theSameSpecGivesTheSameBytesAndNoScript() {
    assertEquals(FrontPage.html("westchat", COMMUNITY.getSpec(), Language.DE),
        FrontPage.html("westchat", TestCommunities.minimalWith(SPEC).getSpec(), Language.DE));
    assertFalse(FrontPage.html("westchat", COMMUNITY.getSpec(), Language.EN).contains("<script"));
  }
}
