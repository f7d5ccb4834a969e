package net.freedommessenger.westchat.model.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

/** homeserver.yaml for the specs people write, read back as Synapse would read it. */
class HomeserverConfigTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final HomeserverSite LOOPBACK = new HomeserverSite("127.0.0.1", 18008, "http://127.0.0.1:18008/",
      "/tmp/hs/config", "/tmp/hs/secrets", "/tmp/hs/media", List.of("/tmp/hs/bridge.yaml"));

  static JsonNode render(WestchatCommunity community, HomeserverSite site) throws Exception {
    return YAML.readTree(HomeserverConfig.render(community.getSpec(), site));
  }

  @Test
  void minimalCommunity() throws Exception {
    JsonNode config = render(TestCommunities.sample("minimal.yaml"),
        HomeserverSite.inCluster("https://matrix.westchat.example.org/", List.of()));
    assertEquals("westchat.example.org", config.path("server_name").asText());
    assertEquals("https://matrix.westchat.example.org/", config.path("public_baseurl").asText());
    assertFalse(config.path("serve_server_wellknown").asBoolean(true), "MatrixDelegation serves the delegation files");
    assertFalse(config.path("report_stats").asBoolean(true), "report_stats must be set explicitly");
    JsonNode listener = config.path("listeners").get(0);
    assertEquals(8008, listener.path("port").asInt());
    assertEquals("0.0.0.0", listener.path("bind_addresses").get(0).asText());
    assertTrue(listener.path("x_forwarded").asBoolean());
    assertEquals(List.of("client", "federation"), YAML.convertValue(listener.at("/resources/0/names"), List.class));
    assertEquals("psycopg2", config.at("/database/name").asText());
    assertTrue(config.at("/database/args/password").isMissingNode(), "the password comes from PGPASSWORD");
    assertEquals("/secrets/signing.key", config.path("signing_key_path").asText());
    assertEquals("/secrets/registration_shared_secret", config.path("registration_shared_secret_path").asText());
    assertTrue(config.path("registration_requires_token").asBoolean(), "registration: invite");
    assertEquals(0, config.path("trusted_key_servers").size());
    assertTrue(config.path("federation_domain_whitelist").isMissingNode(), "federate with everyone");
    assertEquals("invite", config.path("encryption_enabled_by_default_for_room_type").asText());
  }

  @Test
  void newcomersJoinTheWelcomeRoomWhenThereAreRules() throws Exception {
    JsonNode withRules = render(TestCommunities.sample("full.yaml"), LOOPBACK);
    assertEquals(List.of("#welcome:westchat.example.org"), YAML.convertValue(withRules.path("auto_join_rooms"), List.class));
    assertFalse(withRules.path("autocreate_auto_join_rooms").asBoolean(true), "the operator creates it, with the rules");
    assertEquals("westchat", withRules.path("auto_join_mxid_localpart").asText());
    assertTrue(render(TestCommunities.sample("minimal.yaml"), LOOPBACK).path("auto_join_rooms").isMissingNode(),
        "no rules, no welcome room");
  }

  @Test
  void onlyTheOperatorAndTheAdminsListRoomsInTheDirectory() throws Exception {
    JsonNode rules = render(TestCommunities.sample("full.yaml"), LOOPBACK).path("room_list_publication_rules");
    assertEquals(List.of("@westchat:westchat.example.org", "@alice:westchat.example.org", "@bob:westchat.example.org"),
        List.of(rules.get(0).path("user_id").asText(), rules.get(1).path("user_id").asText(), rules.get(2).path("user_id").asText()));
    assertEquals("deny", rules.get(3).path("action").asText());
    assertTrue(rules.get(3).path("user_id").isMissingNode(), "everyone else");
  }

  @Test
  void noSecretValueIsInTheConfig() {
    String text = HomeserverConfig.render(TestCommunities.sample("full.yaml").getSpec(), LOOPBACK);
    for (String key : List.of("macaroon_secret_key:", "form_secret:", "registration_shared_secret:", "password")) {
      assertFalse(text.contains(key), key + " must be a *_path option or come from the environment");
    }
  }

  @Test
  void loopbackSiteForTheInteropTests() throws Exception {
    JsonNode config = render(TestCommunities.sample("minimal.yaml"), LOOPBACK);
    assertEquals("127.0.0.1", config.at("/listeners/0/bind_addresses/0").asText());
    assertEquals(18008, config.at("/listeners/0/port").asInt());
    assertEquals("/tmp/hs/media", config.path("media_store_path").asText());
    assertEquals("/tmp/hs/bridge.yaml", config.at("/app_service_config_files/0").asText());
  }

  @Test
  void clusterSiteTrustsTheSystemAndKeepsTheDefaultBlockList() throws Exception {
    JsonNode config = render(TestCommunities.sample("full.yaml"),
        HomeserverSite.inCluster("https://matrix.westchat.example.org/", List.of()));
    assertTrue(config.path("federation_custom_ca_list").isMissingNode(), "the system's CAs verify other servers");
    assertTrue(config.path("ip_range_whitelist").isMissingNode(), "no private address is reachable");
    assertTrue(config.path("ip_range_blacklist").isMissingNode(), "Synapse's default block list stays");
  }

  @Test
  void siteWithATestCaAndLoopbackNeighbours() throws Exception {
    HomeserverSite site = LOOPBACK.withFederationTrust(List.of("/tmp/hs/test-ca.crt"),
        List.of("127.80.1.2/32", "127.80.1.3/32"));
    JsonNode config = render(TestCommunities.sample("minimal.yaml"), site);
    assertEquals(List.of("/tmp/hs/test-ca.crt"), YAML.convertValue(config.path("federation_custom_ca_list"), List.class));
    assertEquals(List.of("127.80.1.2/32", "127.80.1.3/32"), YAML.convertValue(config.path("ip_range_whitelist"), List.class));
    assertTrue(config.path("federation_verify_certificates").isMissingNode(), "certificates are verified, against the test CA");
    assertEquals(0, config.path("trusted_key_servers").size(), "keys still come from each server itself");
    assertEquals(List.of("client", "federation"), YAML.convertValue(config.at("/listeners/0/resources/0/names"), List.class),
        "the one plain listener stays: TLS ends in front of Synapse, as at the cluster's ingress");
  }

  @Test
  void federationTrustLeavesTheRestAsItWas() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    String plain = HomeserverConfig.render(community.getSpec(), LOOPBACK);
    String trusting = HomeserverConfig.render(community.getSpec(), LOOPBACK.withFederationTrust(List.of(), List.of()));
    assertEquals(plain, trusting, "empty lists render nothing");
    assertEquals(LOOPBACK, new HomeserverSite(LOOPBACK.bindAddress(), LOOPBACK.port(), LOOPBACK.publicBaseUrl(),
        LOOPBACK.configDir(), LOOPBACK.secretsDir(), LOOPBACK.mediaDir(), LOOPBACK.appserviceFiles(), null, null));
  }

  @Test
  void federationAllowList() throws Exception {
    JsonNode config = render(TestCommunities.minimalWith("federation: {allow: [zeta.example.org, alpha.example.org]}"), LOOPBACK);
    assertEquals(List.of("westchat.example.org", "alpha.example.org", "zeta.example.org"),
        YAML.convertValue(config.path("federation_domain_whitelist"), List.class));
  }

  @Test
  void federationOff() throws Exception {
    JsonNode config = render(TestCommunities.minimalWith("federation: {enabled: false}"), LOOPBACK);
    assertEquals(0, config.path("federation_domain_whitelist").size());
    assertFalse(config.path("serve_server_wellknown").asBoolean());
    assertEquals(List.of("client"), YAML.convertValue(config.at("/listeners/0/resources/0/names"), List.class));
  }

  @Test
  void registrationModes() throws Exception {
    JsonNode open = render(TestCommunities.minimalWith("registration: open"), LOOPBACK);
    assertTrue(open.path("enable_registration").asBoolean());
    assertTrue(open.path("enable_registration_without_verification").asBoolean());
    JsonNode closed = render(TestCommunities.minimalWith("registration: closed"), LOOPBACK);
    assertFalse(closed.path("enable_registration").asBoolean(true));
    assertNull(closed.get("registration_requires_token"));
  }

  @Test
  void signUpsAndLoginsAreLimitedInEveryMode() throws Exception {
    for (String mode : List.of("open", "invite", "closed")) {
      JsonNode config = render(TestCommunities.minimalWith("registration: " + mode), LOOPBACK);
      assertEquals(0.0056, config.at("/rc_registration/per_second").asDouble(), "one sign-up per address in 3 minutes");
      assertEquals(5, config.at("/rc_registration/burst_count").asInt());
      assertEquals(0.017, config.at("/rc_registration_token_validity/per_second").asDouble());
      for (String limit : List.of("address", "account", "failed_attempts")) {
        assertEquals(0.0033, config.at("/rc_login/" + limit + "/per_second").asDouble(), limit + ": one login in 5 minutes");
        assertEquals(5, config.at("/rc_login/" + limit + "/burst_count").asInt(), limit);
        assertTrue(config.at("/rc_login/" + limit + "/per_second").isNumber(), "a number, not a string Synapse cannot count with");
      }
    }
  }

  @Test
  void encryptionModes() throws Exception {
    assertEquals("all", render(TestCommunities.minimalWith(
        "matrix: {encryption: required}\nbridges: {matrixIrc: {enabled: false}}"), LOOPBACK)
        .path("encryption_enabled_by_default_for_room_type").asText());
    String off = HomeserverConfig.render(TestCommunities.minimalWith("matrix: {encryption: 'off'}").getSpec(), LOOPBACK);
    assertTrue(off.contains("encryption_enabled_by_default_for_room_type: \"off\"")
        || off.contains("encryption_enabled_by_default_for_room_type: 'off'"),
        "quoted, or a YAML 1.1 reader would see the boolean false: " + off);
  }

  @Test
  void sameSpecSameBytes() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    assertEquals(HomeserverConfig.render(community.getSpec(), LOOPBACK), HomeserverConfig.render(community.getSpec(), LOOPBACK));
  }
}
