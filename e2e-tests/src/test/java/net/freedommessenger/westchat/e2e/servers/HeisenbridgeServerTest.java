package net.freedommessenger.westchat.e2e.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Heisenbridge with a registration it generated: Synapse loads it, the appservice token is
 * accepted, and the bridge starts against Synapse.
 */
class HeisenbridgeServerTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void synapseLoadsTheGeneratedRegistrationAndTheBridgeRuns() throws Exception {
    Path bridgeDir = servers.directory("heisenbridge");
    int bridgePort = LoopbackPorts.take();
    Path registrationFile = HeisenbridgeServer.generateRegistration(bridgeDir, bridgePort);
    JsonNode registration = new ObjectMapper(new YAMLFactory()).readTree(registrationFile.toFile());
    assertEquals("http://127.0.0.1:" + bridgePort, registration.get("url").asText());

    SynapseOnPostgres matrix = SynapseOnPostgres.start(servers, List.of(registrationFile));
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
    String sender = "@" + registration.get("sender_localpart").asText() + ":" + matrix.serverName();
    JsonNode whoami = http.get("/_matrix/client/v3/account/whoami", registration.get("as_token").asText()).ok();
    assertEquals(sender, whoami.get("user_id").asText());

    HeisenbridgeServer bridge = servers.add(HeisenbridgeServer.start(bridgeDir, bridgePort, matrix.synapse()));
    assertEquals(true, bridge.isRunning());
    // the bridge registered its sender user and logged in with the token; still the same user
    JsonNode again = http.get("/_matrix/client/v3/account/whoami", registration.get("as_token").asText()).ok();
    assertEquals(sender, again.get("user_id").asText());
  }
}
