package net.freedommessenger.westchat.model.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import org.junit.jupiter.api.Test;

/** biboumi.cfg read as Biboumi reads it: one key=value per line. */
class BiboumiConfigTest {

  static Map<String, String> options(String cfg) {
    Map<String, String> options = new LinkedHashMap<>();
    cfg.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
      int equals = l.indexOf('=');
      assertTrue(equals > 0, "key=value: " + l);
      assertEquals(null, options.put(l.substring(0, equals), l.substring(equals + 1)), "each key once: " + l);
    });
    return options;
  }

  @Test
  void componentOfTheLocalProsodyFixedToTheCommunitysErgo() {
    var community = TestCommunities.minimalWith("admins: [{name: alice}, {name: bob}]");
    Map<String, String> options = options(BiboumiConfig.render(community.getSpec(), ProsodyObjects.biboumiSite(community)));
    assertEquals("irc.westchat.example.org", options.get("hostname"));
    assertEquals("127.0.0.1", options.get("xmpp_server_ip"));
    assertEquals("5347", options.get("port"));
    assertEquals("westchat-ergo", options.get("fixed_irc_server"));
    assertEquals("alice@westchat.example.org:bob@westchat.example.org", options.get("admin"));
    assertEquals("0", options.get("identd_port"));
    assertTrue(options.get("db_name").startsWith("/var/lib/biboumi/"), options.toString());
  }

  @Test
  void holdsNoPasswordWhichComesFromTheEnvironment() {
    var community = TestCommunities.minimalWith("");
    String cfg = BiboumiConfig.render(community.getSpec(), ProsodyObjects.biboumiSite(community));
    assertFalse(options(cfg).containsKey("password"), cfg);
    assertEquals("BIBOUMI_PASSWORD", BiboumiConfig.PASSWORD_VARIABLE);
  }
}
