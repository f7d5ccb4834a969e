package net.freedommessenger.westchat.model.ergo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;
import org.junit.jupiter.api.Test;

/** ircd.yaml as Ergo reads it, for the samples and the registration modes. */
class IrcdConfigTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** With the account Secrets as a new community gets them (placeholder passwords and hashes). */
  static Map<String, String> files(WestchatCommunity community) {
    PlaceholderSecretGenerator generator = new PlaceholderSecretGenerator();
    Map<String, Map<String, String>> accounts = new HashMap<>();
    AccountSecrets.desired(community, ExistingSecrets.NONE, generator)
        .forEach(s -> accounts.put(s.getMetadata().getName(), s.getData()));
    return ErgoObjects.configFiles(community, name -> accounts.getOrDefault(name, Map.of()), generator);
  }

  static JsonNode rendered(WestchatCommunity community) throws Exception {
    return YAML.readTree(files(community).get(IrcdConfig.FILE));
  }

  static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  static List<String> keys(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void minimalSampleIsAnInviteOnlyNetworkWithTlsAndPlainIrcInsideTheCluster() throws Exception {
    JsonNode config = rendered(TestCommunities.sample("minimal.yaml"));
    assertEquals("westchat", config.at("/network/name").asText(), "first label of the domain");
    assertEquals("irc.westchat.example.org", config.at("/server/name").asText());
    assertEquals(List.of(":6667", ":6697"), keys(config.at("/server/listeners")),
        "TLS with the self-signed certificate when no issuer or Secret is named");
    assertFalse(config.at("/accounts/registration/enabled").asBoolean(), "invite: the admins make the accounts");
    assertTrue(config.at("/accounts/authentication-enabled").asBoolean());
    assertTrue(config.at("/accounts/nick-reservation/enabled").asBoolean());
    assertTrue(config.at("/channels/registration/enabled").asBoolean(), "ChanServ");
    assertEquals("/ircd/ircd.db", config.at("/datastore/path").asText());
    assertEquals("/config/ircd.motd", config.at("/server/motd").asText());
  }

  @Test
  void fullSampleNamesItsNetworkAndServesTlsFromTheMountedCertificate() throws Exception {
    JsonNode config = rendered(TestCommunities.sample("full.yaml"));
    assertEquals("Westchat", config.at("/network/name").asText());
    assertEquals(List.of(":6667", ":6697"), keys(config.at("/server/listeners")));
    JsonNode tls = config.at("/server/listeners/:6697/tls");
    assertEquals("/tls/tls.crt", tls.path("cert").asText());
    assertEquals("/tls/tls.key", tls.path("key").asText());
    assertEquals(List.of("alice", "bob", "westchat"), keys(config.at("/opers")));
  }

  @Test
  void openRegistrationLetsAnyoneRegisterWithNickServ() throws Exception {
    WestchatCommunity community = TestCommunities.minimalWith("registration: open");
    assertTrue(rendered(community).at("/accounts/registration/enabled").asBoolean());
    assertTrue(IrcdConfig.motd(community.getSpec()).contains("/msg NickServ REGISTER"));
    assertFalse(rendered(TestCommunities.minimalWith("registration: closed")).at("/accounts/registration/enabled").asBoolean());
  }

  @Test
  void everyAdminAndTheOperatorAreServerAdminOpers() throws Exception {
    JsonNode opers = rendered(TestCommunities.minimalWith("")).at("/opers");
    assertEquals(List.of("alice", "westchat"), keys(opers));
    for (String oper : List.of("alice", "westchat")) {
      assertEquals(IrcdConfig.ADMIN_CLASS, opers.path(oper).path("class").asText());
      assertTrue(keys(rendered(TestCommunities.minimalWith("")).at("/oper-classes")).contains(opers.path(oper).path("class").asText()));
    }
    List<String> capabilities = texts(rendered(TestCommunities.minimalWith("")).at("/oper-classes/server-admin/capabilities"));
    assertTrue(capabilities.containsAll(List.of("accreg", "chanreg")), "SAREGISTER and CS PURGE: " + capabilities);
  }

  @Test
  void thePodNetworkAndLoopbackAreNotLimitedPerAddress() throws Exception {
    JsonNode limits = rendered(TestCommunities.minimalWith("")).at("/server/ip-limits");
    assertTrue(limits.path("count").asBoolean(), "people are still limited");
    assertTrue(texts(limits.path("exempted")).containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
        "127.0.0.0/8", "::1/128")), limits.toString());
  }

  @Test
  void loginsConnectionsAndSignUpsAreThrottledInEveryMode() throws Exception {
    for (String mode : List.of("open", "invite", "closed")) {
      JsonNode config = rendered(TestCommunities.minimalWith("registration: " + mode));
      assertTrue(config.at("/accounts/login-throttling/enabled").asBoolean(), mode);
      assertEquals("1m", config.at("/accounts/login-throttling/duration").asText());
      assertEquals(3, config.at("/accounts/login-throttling/max-attempts").asInt());
      assertTrue(config.at("/server/ip-limits/throttle").asBoolean());
      assertEquals(32, config.at("/server/ip-limits/max-connections-per-window").asInt());
      assertEquals("10m", config.at("/server/ip-limits/window").asText());
      assertTrue(config.at("/accounts/registration/throttling/enabled").asBoolean());
      assertEquals(30, config.at("/accounts/registration/throttling/max-attempts").asInt());
    }
  }

  @Test
  void theRulesAreTheMessageOfTheDayAsWritten() {
    WestchatCommunity community = TestCommunities.minimalWith("rules: \"Be kind. Costs: $0\\nSecond line\"");
    String motd = IrcdConfig.motd(community.getSpec());
    assertTrue(motd.contains("Be kind. Costs: $0\nSecond line\n"), motd);
    assertTrue(motd.contains("alice"), "names whom to ask for an account: " + motd);
  }

  @Test
  void sameSpecGivesTheSameBytes() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    assertEquals(files(community), files(community));
  }

  @Test
  void operHashesAreReadBackFromARenderedConfig() {
    String yaml = IrcdConfig.render(TestCommunities.minimalWith("").getSpec(), ErgoSite.inCluster(),
        List.of(new IrcOperator("alice", "$2a$10$abc", false), new IrcOperator("westchat", "$2a$10$def", true)));
    assertEquals(Map.of("alice", "$2a$10$abc", "westchat", "$2a$10$def"), IrcdConfig.operHashes(yaml));
    assertEquals(Map.of(), IrcdConfig.operHashes("not: [yaml"));
    assertEquals(Map.of(), IrcdConfig.operHashes(null));
  }
}
