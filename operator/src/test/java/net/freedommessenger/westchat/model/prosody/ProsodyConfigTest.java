package net.freedommessenger.westchat.model.prosody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

/** prosody.cfg.lua for the specs people write; the interop tests check that Prosody reads it as meant. */
class ProsodyConfigTest {

  static final ProsodySite CLUSTER = ProsodySite.inCluster("https://upload.westchat.example.org/");
  static final ProsodySite LOOPBACK = new ProsodySite("127.0.0.1", 15222, 15269, 15347, 15280, "/tmp/p/config",
      "/tmp/p/data", "/tmp/p/certs/tls.crt", "/tmp/p/certs/tls.key", "http://127.0.0.1:15280/", "/tmp/p/trusted.pem",
      "127.0.0.1@15353");

  static String render(WestchatCommunity community) {
    return ProsodyConfig.render(community.getSpec(), CLUSTER);
  }

  static String render(String specYaml) {
    return render(TestCommunities.minimalWith(specYaml));
  }

  /** The value of a global option (before the first VirtualHost), as written. */
  static String option(String config, String name) {
    String global = config.substring(0, config.indexOf("\nVirtualHost "));
    return global.lines().filter(l -> l.startsWith(name + " = ")).map(l -> l.substring(name.length() + 3))
        .findFirst().orElse(null);
  }

  /** The lines of one host's section: from its VirtualHost or Component line to the next blank line. */
  static List<String> section(String config, String header) {
    int start = config.indexOf(header);
    assertTrue(start >= 0, header + " in\n" + config);
    int end = config.indexOf("\n\n", start);
    return config.substring(start, end < 0 ? config.length() : end).lines().map(String::strip).toList();
  }

  static List<String> modules(String config) {
    int start = config.indexOf("modules_enabled = {\n");
    int end = config.indexOf("}\n", start);
    return config.substring(start, end).lines().skip(1).map(l -> l.strip().replace("\"", "").replace(";", "")).toList();
  }

  @Test
  void minimalCommunity() {
    String config = render(TestCommunities.sample("minimal.yaml"));
    assertEquals("\"/var/lib/prosody\"", option(config, "data_path"));
    assertEquals("{ \"*\" }", option(config, "interfaces"));
    assertEquals("{ 5222 }", option(config, "c2s_ports"));
    assertEquals("{ 5269 }", option(config, "s2s_ports"));
    assertEquals("{ 5347 }", option(config, "component_ports"), "Biboumi's port, for the default XMPP-IRC bridge");
    assertEquals("{ \"127.0.0.1\" }", option(config, "local_interfaces"), "components connect from the pod only");
    assertEquals("{ 5280 }", option(config, "http_ports"));
    assertEquals("{ }", option(config, "https_ports"), "TLS for HTTP ends at the Ingress");
    assertEquals("true", option(config, "s2s_secure_auth"));
    assertEquals("true", option(config, "c2s_require_encryption"));
    assertEquals("{ \"alice@westchat.example.org\", \"westchat@westchat.example.org\" }", option(config, "admins"));
    assertTrue(config.contains("  certificate = \"/tls/tls.crt\";\n  key = \"/tls/tls.key\";\n"), config);
    assertEquals(null, option(config, "unbound"), "the system's resolver");
    assertTrue(config.contains("\nVirtualHost \"westchat.example.org\"\n"), config);
    assertEquals(List.of("Component \"conference.westchat.example.org\" \"muc\"", "restrict_room_creation = \"local\"",
        "modules_enabled = { \"muc_mam\" }"), section(config, "Component \"conference."));
    assertEquals(List.of("Component \"upload.westchat.example.org\" \"http_file_share\"",
        "http_external_url = \"https://upload.westchat.example.org/\"",
        "http_file_share_size_limit = 104857600 -- 100 MiB",
        "http_file_share_global_quota = 4294967296 -- 80% of the 5Gi volume"), section(config, "Component \"upload."));
    assertEquals(List.of("Component \"irc.westchat.example.org\"", "component_secret = ENV_IRC_GATEWAY_SECRET"),
        section(config, "Component \"irc.").subList(0, 2));
    assertTrue(modules(config).containsAll(List.of("roster", "saslauth", "tls", "disco", "mam", "register", "dialback")),
        modules(config).toString());
  }

  @Test
  void theWebChatsWebSocketCountsAsEncryptedAsTlsEndsAtTheIngress() {
    String config = render(TestCommunities.minimalWith(""));
    assertTrue(modules(config).contains("websocket"), modules(config).toString());
    assertEquals("true", option(config, "consider_websocket_secure"));
    assertEquals("true", option(config, "c2s_require_encryption"), "clients on 5222 still need TLS");
  }

  @Test
  void fullSample() {
    WestchatCommunity full = TestCommunities.sample("full.yaml");
    String config = render(full);
    assertEquals("{ \"alice@westchat.example.org\", \"bob@westchat.example.org\", \"westchat@westchat.example.org\" }",
        option(config, "admins"));
    assertEquals(List.of("VirtualHost \"westchat.example.org\"", "-- the house rules, sent to every new account (mod_welcome)",
        "welcome_message = \"Willkommen ist jeder, der die Gesetze achtet.\""), section(config, "VirtualHost "));
    assertTrue(modules(config).contains("welcome"));
    assertTrue(config.contains("http_file_share_size_limit = 104857600 -- 100 MiB"), config);
  }

  @Test
  void uploadLimitsFollowTheSpec() {
    String config = render("xmpp: {uploads: {storage: 20Gi, maxFileSizeMiB: 512}}");
    assertTrue(config.contains("http_file_share_size_limit = 536870912 -- 512 MiB\n"), config);
    assertTrue(config.contains("http_file_share_global_quota = 17179869184 -- 80% of the 20Gi volume\n"), config);
  }

  @Test
  void registrationModes() {
    String invite = render("registration: invite");
    assertEquals("true", option(invite, "allow_registration"));
    assertEquals("true", option(invite, "registration_invite_only"));
    assertTrue(modules(invite).containsAll(List.of("register", "invites", "invites_adhoc", "invites_register")));

    String open = render("registration: open");
    assertEquals("true", option(open, "allow_registration"));
    assertEquals(null, option(open, "registration_invite_only"));
    assertFalse(modules(open).contains("invites"));

    String closed = render("registration: closed");
    assertEquals("false", option(closed, "allow_registration"));
    assertFalse(modules(closed).contains("invites_register"));
    assertTrue(modules(closed).contains("register"), "users still change their own password");
  }

  @Test
  void openRegistrationWithTheWebChatLetsGuestsInOnAnAnonymousHost() {
    String open = render("registration: open");
    assertTrue(open.contains("VirtualHost \"guest.westchat.example.org\"\n  authentication = \"anonymous\"\n"), open);
    assertEquals(null, option(open, "allow_anonymous_s2s"), "guests reach no other server (Prosody's default)");
    assertEquals(null, option(open, "allow_anonymous_storage"), "nothing of a guest is stored (Prosody's default)");
    assertEquals("\"local\"", open.replaceAll("(?s).*restrict_room_creation = (\\S+).*", "$1"),
        "only accounts of the domain make group chats; guest.<domain> is not the domain");
    for (String spec : List.of("registration: invite", "registration: closed", "registration: open\nxmpp: {webChat: false}")) {
      assertFalse(render(spec).contains("guest."), spec);
    }
  }

  @Test
  void signUpsAreThrottledPerAddressAndClientsPerSecond() {
    for (String mode : List.of("open", "invite", "closed")) {
      String config = render("registration: " + mode);
      assertEquals("5", option(config, "registration_throttle_max"), mode);
      assertEquals("900", option(config, "registration_throttle_period"), "5 per 15 minutes: one every 3 minutes");
      assertEquals("{ \"127.0.0.1\", \"::1\" }", option(config, "registration_allowlist"), "only the pod itself is not counted");
      assertTrue(option(config, "trusted_proxies").contains("\"10.0.0.0/8\""), "web visitors count by their own address");
      assertTrue(modules(config).contains("limits"));
      assertTrue(config.contains("limits = {\n  c2s = { rate = \"10kb/s\"; burst = \"2s\" };\n}\n"), config);
    }
  }

  @Test
  void federationOff() {
    String config = render("federation: {enabled: false}");
    assertEquals("{ }", option(config, "s2s_ports"));
    assertEquals("{ \"s2s\" }", option(config, "modules_disabled"));
    assertFalse(modules(config).contains("dialback"));
    assertEquals("true", option(config, "s2s_secure_auth"), "stays set, so turning federation on is safe at once");
  }

  @Test
  void federationAllowList() {
    String config = render("federation: {allow: [zeta.example.org, alpha.example.org]}");
    assertEquals("{ \"alpha.example.org\", \"zeta.example.org\" }", option(config, "federation_allow"));
    assertEquals("{ \"/config\" }", option(config, "plugin_paths"), "the module ships in the ConfigMap");
    assertTrue(modules(config).contains("federation_allow"));
    for (String component : List.of("conference.", "upload.", "irc.")) {
      assertTrue(section(config, "Component \"" + component).stream().anyMatch(l -> l.startsWith("modules_enabled = {")
          && l.contains("\"federation_allow\"")), "every host loads it: " + component);
    }
    String everyone = render("");
    assertEquals(null, option(everyone, "federation_allow"));
    assertFalse(everyone.contains("federation_allow"), "an empty list means everyone: no module");
  }

  @Test
  void noIrcGatewayWithoutTheBridge() {
    String config = render("bridges: {xmppIrc: {enabled: false}}");
    assertFalse(config.contains("irc.westchat.example.org"), config);
    assertFalse(config.contains("component_"), config);
  }

  @Test
  void rulesAreAValidLuaStringWhateverTheyHold() {
    String config = render("rules: \"Sei \\\"nett\\\" \\\\ freundlich\\nZeile 2 -- kein Kommentar ]] ü\"");
    assertTrue(config.contains("  welcome_message = \"Sei \\\"nett\\\" \\\\ freundlich\\nZeile 2 -- kein Kommentar ]] ü\"\n"),
        config);
    assertEquals("\"a\\007b\\013c\"", LuaText.string("a\u0007b\rc"));
  }

  @Test
  void noSecretValueIsInTheConfig() {
    String config = render(TestCommunities.sample("full.yaml"));
    assertFalse(config.contains("component_secret = \""), "the component secret is read from the environment");
    assertFalse(config.toLowerCase().contains("password"), config);
  }

  @Test
  void loopbackSiteForTheInteropTests() {
    String config = ProsodyConfig.render(TestCommunities.sample("minimal.yaml").getSpec(), LOOPBACK);
    assertEquals("{ \"127.0.0.1\" }", option(config, "interfaces"));
    assertEquals("{ \"127.0.0.1\" }", option(config, "http_interfaces"));
    assertEquals("{ 15222 }", option(config, "c2s_ports"));
    assertEquals("{ 15269 }", option(config, "s2s_ports"));
    assertEquals("\"/tmp/p/data\"", option(config, "data_path"));
    assertEquals("\"/tmp/p/certs\"", option(config, "certificates"));
    assertTrue(config.contains("  cafile = \"/tmp/p/trusted.pem\";\n"), config);
    assertEquals("{ forward = \"127.0.0.1@15353\"; resolvconf = false; hoststxt = false }", option(config, "unbound"));
    assertTrue(config.contains("http_external_url = \"http://127.0.0.1:15280/\""), config);
  }

  @Test
  void sameSpecSameBytes() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    assertEquals(render(community), render(TestCommunities.sample("full.yaml")));
  }
}
