package net.freedommessenger.westchat.e2e.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.bridging.HeisenbridgeRelay;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.irc.RenderedIrc;
import net.freedommessenger.westchat.e2e.matrix.RenderedMatrix;
import net.freedommessenger.westchat.e2e.servers.HeisenbridgeServer;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.matrix.MatrixAccount;
import net.freedommessenger.westchat.matrix.MatrixAdmins;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Heisenbridge as the operator renders it: Synapse started from the rendered homeserver.yaml loads
 * the rendered registration, Heisenbridge comes up with it owned by @westchat, and
 * {@link HeisenbridgeRelay} makes it relay a Matrix room to an Ergo channel, both ways.
 */
class HeisenbridgeInteropTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  static MatrixAccount account(Secret secret) {
    Map<String, String> values = RenderedMatrix.plain(secret);
    return new MatrixAccount(values.get(AccountSecrets.USERNAME), values.get(AccountSecrets.PASSWORD), true);
  }

  @Test
  void theRenderedRegistrationIsLoadedAndTheRelayCarriesMessagesBothWays() throws Exception {
    WestchatCommunity community = CommunityFile.parse(Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml"))
        + "  bridges: {matrixIrc: {implementation: heisenbridge}}\n");
    Path bridgeDir = servers.directory("heisenbridge");
    int bridgePort = LoopbackPorts.take();
    Secret bridgeSecret = HeisenbridgeObjects.secret(community, "http://" + LoopbackPorts.HOST + ":" + bridgePort,
        ExistingSecrets.NONE, new RandomSecretGenerator());
    Map<String, String> bridgeFiles = RenderedMatrix.plain(bridgeSecret);
    Path registration = bridgeDir.resolve(HeisenbridgeServer.REGISTRATION_FILE);
    Files.writeString(registration, bridgeFiles.get(HeisenbridgeObjects.REGISTRATION_FILE));

    RenderedMatrix matrix = RenderedMatrix.start(servers, community, List.of(registration.toString()));
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
    String bot = HeisenbridgeObjects.botUser(community);
    assertEquals(bot, http.get("/_matrix/client/v3/account/whoami", bridgeFiles.get(HeisenbridgeObjects.AS_TOKEN)).ok()
        .path("user_id").asText(), "Synapse loaded the rendered registration");

    List<Secret> accounts = AccountSecrets.desired(community, ExistingSecrets.NONE, new RandomSecretGenerator());
    MatrixAccount operator = account(accounts.get(0));
    MatrixAccount alice = account(accounts.get(1));
    new MatrixAdmins(new SynapseAdminApi(matrix.synapse().baseUrl()), community.getSpec().domain)
        .ensure(matrix.registrationSharedSecret(), operator, List.of(alice));
    SynapseAdminApi api = new SynapseAdminApi(matrix.synapse().baseUrl());
    String operatorToken = api.login(operator.username(), operator.password());
    String aliceToken = api.login(alice.username(), alice.password());

    HeisenbridgeServer bridge = servers.add(HeisenbridgeServer.start(bridgeDir, bridgePort, matrix.synapse(),
        HeisenbridgeObjects.owner(community)));
    assertTrue(bridge.isRunning());

    RenderedIrc irc = RenderedIrc.start(servers, community);
    String room = http.post("/_matrix/client/v3/createRoom", operatorToken, Map.of("preset", "private_chat",
        "name", "lobby", "invite", List.of("@alice:" + community.getSpec().domain))).ok().path("room_id").asText();
    http.post("/_matrix/client/v3/join/" + encode(room), aliceToken, Map.of()).ok();

    HeisenbridgeRelay relay = new HeisenbridgeRelay(matrix.synapse().baseUrl(), operatorToken, bot);
    HeisenbridgeRelay.Target target = new HeisenbridgeRelay.Target(LoopbackPorts.HOST, irc.ergo().port(), "westchat",
        "#lobby", room);
    long relayStart = System.nanoTime();
    HeisenbridgeRelay.Outcome first = relay.ensure(target);
    long relayDone = System.nanoTime();
    assertTrue(first.changed(), first.toString());
    assertFalse(relay.ensure(target).changed(), "a second run changes nothing");

    try (IrcClient bob = new IrcClient(irc.ergo().port(), "bob")) {
      bob.send("JOIN #lobby");
      bob.await(IrcClient.numeric("366"), Duration.ofSeconds(10));
      long t0 = System.nanoTime();
      http.put("/_matrix/client/v3/rooms/" + encode(room) + "/send/m.room.message/" + UUID.randomUUID(), aliceToken,
          Map.of("msgtype", "m.text", "body", "hello from matrix")).ok();
      bob.await(line -> line.contains("PRIVMSG #lobby :") && line.contains("hello from matrix"), Duration.ofSeconds(30));
      long t1 = System.nanoTime();
      bob.send("PRIVMSG #lobby :hello from irc");
      awaitMessage(http, aliceToken, room, "hello from irc");
      long t2 = System.nanoTime();
      System.out.printf("Matrix-IRC through Heisenbridge: relay set up in %d ms, Matrix->IRC %d ms, IRC->Matrix %d ms%n",
          (relayDone - relayStart) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
  }

  static void awaitMessage(MatrixHttp http, String token, String room, String body) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode chunk = http.get("/_matrix/client/v3/rooms/" + encode(room) + "/messages?dir=b&limit=20", token).ok().path("chunk");
      for (JsonNode event : chunk) {
        if (event.path("content").path("body").asText().contains(body)) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("\"" + body + "\" did not reach the Matrix room");
  }

  static String encode(String part) {
    return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8);
  }
}
