package net.freedommessenger.westchat.model.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import net.freedommessenger.westchat.api.RepoFiles;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * matrix-appservice-irc refuses to start on a config its schema rejects; every config the operator
 * renders is checked against that schema, read from the shared conformance data.
 */
class AppserviceIrcConfigTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final IrcBridgeSite SITE = new IrcBridgeSite("http://westchat-synapse:8008", "0.0.0.0", 8090,
      "http://westchat-appservice-irc:8090", "westchat-ergo", 6667, "postgres://ircbridge@westchat-postgres:5432/ircbridge",
      "/secrets");
  /** A backslash-slash that is not itself an escaped backslash: an even run of backslashes before it. */
  static final String UNESCAPED_SLASH_ESCAPE = "(?<!\\\\)((?:\\\\\\\\)*)\\\\/";
  static JsonSchema schema;

  @BeforeAll
  static void readSchema() throws Exception {
    Path file = RepoFiles.root().getParent().resolve("shared/conformance/matrix-appservice-irc/config.schema.yml");
    assertTrue(Files.exists(file), "the conformance data is expected beside the repository at " + file);
    // The file is YAML 1.2 (read by the bridge with js-yaml), where "\/" is an escaped "/"; the YAML 1.1
    // reader here does not know that escape, so it gets the plain "/" the escape stands for.
    String text = Files.readString(file).replaceAll(UNESCAPED_SLASH_ESCAPE, "$1/");
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(YAML.readTree(text));
  }

  static JsonNode render(WestchatCommunity community, Map<String, String> rooms) throws Exception {
    return YAML.readTree(AppserviceIrcConfig.render(community.getSpec(), SITE, rooms));
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal.yaml", "full.yaml"})
  void samplesRenderAConfigTheBridgeAccepts(String sample) throws Exception {
    JsonNode config = render(TestCommunities.sample(sample), Map.of("#lobby", "!abc:westchat.example.org"));
    Set<ValidationMessage> errors = schema.validate(config);
    assertEquals(Set.of(), errors);
  }

  @Test
  void theSchemaCatchesABrokenConfig() throws Exception {
    JsonNode config = render(TestCommunities.sample("minimal.yaml"), Map.of());
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.path("database")).put("engine", "mysql");
    assertFalse(schema.validate(config).isEmpty(), "a test that cannot fail proves nothing");
  }

  @Test
  void roomsAreMappedByIdAndAdminsAdministerTheBridge() throws Exception {
    JsonNode config = render(TestCommunities.sample("full.yaml"),
        Map.of("#lobby", "!a:westchat.example.org", "#technik", "!b:westchat.example.org"));
    JsonNode server = config.at("/ircService/servers/westchat-ergo");
    assertEquals("!a:westchat.example.org", server.at("/mappings/#lobby/roomIds/0").asText());
    assertEquals("Westchat", server.path("name").asText());
    assertEquals("admin", config.at("/ircService/permissions/@bob:westchat.example.org").asText());
    assertFalse(server.at("/dynamicChannels/enabled").asBoolean(true));
  }

  @Test
  void noSecretIsInTheConfig() {
    String text = AppserviceIrcConfig.render(TestCommunities.sample("full.yaml").getSpec(), SITE, Map.of());
    assertFalse(text.contains("as_token") || text.contains("hs_token") || text.contains("password:"), text);
    assertTrue(text.contains("postgres://ircbridge@westchat-postgres:5432/ircbridge"), "no password in the URL");
  }

  @Test
  void networkNameDefaultsToTheFirstLabelOfTheDomain() {
    assertEquals("Westchat", AppserviceIrcConfig.networkName(TestCommunities.minimalWith("").getSpec()));
  }

  @Test
  void registrationClaimsTheBridgesNamespacesExclusively() throws Exception {
    BridgeRegistration registration = AppserviceIrcConfig.registration(TestCommunities.minimalWith("").getSpec(), SITE,
        "as-secret", "hs-secret");
    JsonNode yaml = YAML.readTree(registration.toYaml());
    assertEquals("westchat-irc", yaml.path("id").asText());
    assertEquals("http://westchat-appservice-irc:8090", yaml.path("url").asText());
    assertEquals("@irc_.*:westchat\\.example\\.org", yaml.at("/namespaces/users/0/regex").asText());
    assertTrue(yaml.at("/namespaces/users/0/exclusive").asBoolean());
    assertEquals("ircbridge", yaml.path("sender_localpart").asText());
  }
}
