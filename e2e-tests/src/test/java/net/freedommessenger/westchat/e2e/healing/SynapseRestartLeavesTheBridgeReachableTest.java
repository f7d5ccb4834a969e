package net.freedommessenger.westchat.e2e.healing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.freedommessenger.westchat.e2e.servers.HeisenbridgeServer;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.servers.SynapseOnPostgres;
import net.freedommessenger.westchat.e2e.servers.SynapseServer;
import net.freedommessenger.westchat.matrix.AppservicePing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's check after a restart (healing.BridgeConnection), with real parts: Synapse on
 * PostgreSQL and Heisenbridge on loopback. Synapse restarted under a running bridge reaches it
 * again as soon as it answers; a bridge that is down is reported in Synapse's words; a bridge
 * started again is reached at once.
 */
class SynapseRestartLeavesTheBridgeReachableTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void afterASynapseRestartTheRunningBridgeIsReachedAgainAndADownBridgeIsReportedInSynapsesWords() throws Exception {
    Path bridgeDir = servers.directory("heisenbridge");
    int bridgePort = LoopbackPorts.take();
    Path registrationFile = HeisenbridgeServer.generateRegistration(bridgeDir, bridgePort);
    JsonNode registration = new ObjectMapper(new YAMLFactory()).readTree(registrationFile.toFile());
    String id = registration.get("id").asText();
    String asToken = registration.get("as_token").asText();

    SynapseOnPostgres matrix = SynapseOnPostgres.start(servers, List.of(registrationFile));
    HeisenbridgeServer bridge = servers.add(HeisenbridgeServer.start(bridgeDir, bridgePort, matrix.synapse()));
    AppservicePing.Result first = AppservicePing.ping(matrix.synapse().baseUrl(), id, asToken);
    assertTrue(first.reached(), first.detail());
    System.err.println("before the restart: " + first.detail());

    SynapseServer synapse = matrix.synapse();
    Path synapseDir = synapse.log().getParent();
    synapse.close();
    long down = System.nanoTime();
    SynapseServer restarted = servers.add(SynapseServer.start(synapseDir, synapse.port(), matrix.database()));
    long up = System.nanoTime();
    AppservicePing.Result again = AppservicePing.ping(restarted.baseUrl(), id, asToken);
    long reached = System.nanoTime();
    assertTrue(bridge.isRunning(), "the bridge outlives Synapse's restart");
    assertTrue(again.reached(), again.detail());
    System.err.printf("Synapse restart: answering again after %.1f s, bridge reached %.0f ms later (%s)%n",
        (up - down) / 1e9, (reached - up) / 1e6, again.detail());

    bridge.close();
    AppservicePing.Result gone = AppservicePing.ping(restarted.baseUrl(), id, asToken);
    assertFalse(gone.reached());
    assertTrue(gone.detail().contains("502 M_CONNECTION_FAILED"), gone.detail());
    assertFalse(gone.detail().contains(asToken), "no token in what the operator reports");
    System.err.println("bridge down: " + gone.detail());

    servers.add(HeisenbridgeServer.start(bridgeDir, bridgePort, restarted));
    AppservicePing.Result back = await().atMost(WAIT).until(() -> AppservicePing.ping(restarted.baseUrl(), id, asToken),
        AppservicePing.Result::reached);
    System.err.println("bridge started again: " + back.detail());
  }
}
