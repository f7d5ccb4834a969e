package net.freedommessenger.westchat.e2e.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Synapse on PostgreSQL: it answers /health, registers an admin with the shared secret, and
 * that admin logs in and is an admin.
 */
class SynapseServerTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void registersAnAdminWithTheSharedSecretOnPostgres() throws Exception {
    SynapseOnPostgres matrix = SynapseOnPostgres.start(servers, List.of());
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());

    assertEquals("C", matrix.database().psql("synapse",
        "SELECT datcollate FROM pg_database WHERE datname = current_database()"));
    assertEquals(200, http.get("/health", null).status());

    String user = "admin";
    String password = SynapseOnPostgres.secret();
    String nonce = http.get("/_synapse/admin/v1/register", null).ok().get("nonce").asText();
    JsonNode registered = http.post("/_synapse/admin/v1/register", null, Map.of(
        "nonce", nonce, "username", user, "password", password, "admin", true,
        "mac", registrationMac(matrix.registrationSharedSecret(), nonce, user, password, true))).ok();
    String mxid = "@" + user + ":" + matrix.serverName();
    assertEquals(mxid, registered.get("user_id").asText());

    JsonNode login = http.post("/_matrix/client/v3/login", null, Map.of(
        "type", "m.login.password",
        "identifier", Map.of("type", "m.id.user", "user", user),
        "password", password)).ok();
    String token = login.get("access_token").asText();
    JsonNode account = http.get("/_synapse/admin/v2/users/" + mxid, token).ok();
    assertTrue(account.get("admin").asBoolean(), "the registered user is an admin: " + account);
  }

  /** HMAC-SHA1 over nonce NUL user NUL password NUL admin|notadmin, hex, as the admin API wants it. */
  static String registrationMac(String sharedSecret, String nonce, String user, String password, boolean admin)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    String message = nonce + "\0" + user + "\0" + password + "\0" + (admin ? "admin" : "notadmin");
    return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
  }
}
