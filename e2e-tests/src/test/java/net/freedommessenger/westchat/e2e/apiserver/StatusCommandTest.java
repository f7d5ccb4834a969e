package net.freedommessenger.westchat.e2e.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.api.status.NetworkClosure;
import net.freedommessenger.westchat.cli.WestchatCli;
import net.freedommessenger.westchat.status.Part;
import net.freedommessenger.westchat.status.PartState;
import net.freedommessenger.westchat.status.RoomProgress;
import net.freedommessenger.westchat.status.RoomsObserved;
import net.freedommessenger.westchat.status.StatusAggregator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code westchat status} against a real API server: communities whose status the operator's own
 * StatusAggregator made, stored through the status subresource (so the API server's schema checks
 * it), read back by the CLI. No operator runs, so the status stays as written.
 */
@ExtendWith(ApiServerExtension.class)
class StatusCommandTest {

  static final String READY_NS = "cli-status-ready";
  static final String FAILING_NS = "cli-status-failing";
  static final String NEW_NS = "cli-status-new";
  static final String TWO_NS = "cli-status-two";
  static final String EMPTY_NS = "cli-status-empty";

  record Result(int exitCode, String out, String err) {}

  @BeforeAll
  static void namespaces(KubernetesClient client) {
    for (String ns : List.of(READY_NS, FAILING_NS, NEW_NS, TWO_NS, EMPTY_NS)) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).serverSideApply();
    }
  }

  static Result status(KubernetesClient client, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] command = new String[args.length + 1];
    command[0] = "status";
    System.arraycopy(args, 0, command, 1, args.length);
    int exitCode = WestchatCli.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), client);
    return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The minimal sample with a room, as the API server stores it: defaults filled in, generation 1. */
  static WestchatCommunity created(KubernetesClient client, String ns, String name, String domain) throws IOException {
    try (InputStream in = Files.newInputStream(ApiServer.repoRoot().resolve("samples").resolve("minimal.yaml"))) {
      WestchatCommunity community = client.resources(WestchatCommunity.class).load(in).item();
      community.getMetadata().setNamespace(ns);
      community.getMetadata().setName(name);
      community.getSpec().domain = domain;
      community.getSpec().rooms.add(new Room("lobby", null));
      return client.resource(community).create();
    }
  }

  static WestchatCommunity withStatus(KubernetesClient client, WestchatCommunity community, WestchatCommunityStatus status) {
    community.setStatus(status);
    return client.resource(community).updateStatus();
  }

  /** A client as the CLI makes one from a kubeconfig whose current context names a namespace. */
  static KubernetesClient clientOfContext(ApiServer server, String ns, Path dir) throws IOException {
    var kubeconfig = KubeConfigUtils.parseConfigFromString(server.kubeConfigYaml());
    kubeconfig.getContexts().stream().filter(c -> c.getName().equals(kubeconfig.getCurrentContext())).findFirst()
        .orElseThrow().getContext().setNamespace(ns);
    Path file = dir.resolve("kubeconfig");
    KubeConfigUtils.persistKubeConfigIntoFile(kubeconfig, file.toFile());
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(file.toFile())).build();
  }

  @Test
  void aReadyCommunityWorksWithItsRoomsAndExitsZero(KubernetesClient client) throws IOException {
    WestchatCommunity community = created(client, READY_NS, "westchat", "westchat.example.org");
    RoomsObserved rooms = RoomsObserved.none()
        .with(RoomNetwork.MATRIX, Map.of("lobby", RoomProgress.working()))
        .with(RoomNetwork.XMPP, Map.of("lobby", RoomProgress.working()))
        .with(RoomNetwork.IRC, Map.of("lobby", RoomProgress.working()));
    withStatus(client, community, StatusAggregator.aggregate(community, List.of(
        PartState.ready(Part.MATRIX, "Running", "Synapse answers on its Service."),
        PartState.ready(Part.XMPP, "SelfSignedCertificate", "Prosody accepts clients with a self-signed certificate."),
        PartState.ready(Part.IRC, "Running", "Ergo accepts IRC over TLS at irc.westchat.example.org:6697."),
        PartState.ready(Part.BRIDGES, "Running", "The Matrix-IRC bridge is ready; Biboumi runs next to Prosody.")),
        rooms, Instant.now()));

    Result result = status(client, "--namespace", READY_NS, "westchat");

    assertEquals(0, result.exitCode(), result.err() + result.out());
    assertEquals("", result.err());
    assertTrue(result.out().startsWith("Community westchat (westchat.example.org) in namespace " + READY_NS + "\n\n"
        + "Overall   works\nMatrix    works\nXMPP      works\n          It uses a self-signed certificate: clients will "
        + "warn"), result.out());
    assertTrue(result.out().contains("IRC       works\nBridges   works\nRooms     works\n"), result.out());
    assertTrue(result.out().matches("(?s).*\nRooms\n  lobby\n    Matrix  #lobby:westchat\\.example\\.org +works\n"
        + "    XMPP    \\S+ +works\n    IRC     #lobby +works\n"), result.out());
  }

  @Test
  void theContextsNamespaceAndItsOnlyCommunityAreTheDefaultAndWhatFailsIsToldInWords(ApiServer server,
      @TempDir Path dir) throws IOException {
    KubernetesClient client = server.client();
    WestchatCommunity community = created(client, FAILING_NS, "westchat", "westchat.example.org");
    WestchatCommunityStatus status = StatusAggregator.aggregate(community, List.of(
        PartState.failing(Part.MATRIX, "DatabaseNotReady", "PostgreSQL is not ready yet: its pod is starting or failing; "
            + "see `kubectl describe statefulset westchat-postgres`."),
        PartState.pending(Part.XMPP, "ProsodyCreating", "The Prosody StatefulSet has not been created yet."),
        PartState.ready(Part.IRC, "Running", "Ergo accepts IRC over TLS at irc.westchat.example.org:6697."),
        PartState.pending(Part.BRIDGES, "MatrixIrcBridgeStarting", "Heisenbridge is not ready yet.")),
        RoomsObserved.none().with(RoomNetwork.IRC, Map.of("lobby", RoomProgress.working())), Instant.now());
    ClosedRoomStatus closed = new ClosedRoomStatus();
    closed.network = RoomNetwork.IRC;
    closed.room = "#spam";
    closed.reason = "spam";
    closed.results.add(new NetworkClosure("irc", "#spam", null, NetworkClosure.CLOSED, "closed"));
    status.closedRooms.add(closed);
    WestchatCommunity stored = withStatus(client, community, status);
    // a change the operator has not seen yet: generation 2, status of generation 1
    stored.getSpec().rules = "Be kind.";
    assertEquals(2L, client.resource(stored).update().getMetadata().getGeneration());

    Result result;
    try (KubernetesClient ofContext = clientOfContext(server, FAILING_NS, dir)) {
      result = status(ofContext);
    }

    assertEquals(1, result.exitCode(), result.err() + result.out());
    assertEquals("", result.err());
    String words = result.out().replaceAll("\\s+", " ");
    assertTrue(words.contains("in namespace " + FAILING_NS), result.out());
    assertTrue(words.contains("The operator has not caught up with your latest change yet: what follows is the state "
        + "of version 1 of the settings, and the latest is version 2."), result.out());
    assertTrue(words.contains("Overall does not work Does not work: Matrix. Still starting: XMPP, Bridges, Rooms."),
        result.out());
    assertTrue(words.contains("Matrix does not work The Matrix server's database is starting or failing. Wait a few "
        + "minutes; if it lasts, look at it with: kubectl describe statefulset westchat-postgres Details: PostgreSQL"),
        result.out());
    assertTrue(words.contains("XMPP starting, wait The XMPP server is being created: wait."), result.out());
    assertTrue(words.contains("IRC works Bridges starting, wait"), result.out());
    assertTrue(result.out().matches("(?s).*\n    Matrix  #lobby:westchat\\.example\\.org +does not work: not set up yet\n.*"),
        result.out());
    assertTrue(result.out().contains("\nClosed rooms\n  #spam on IRC (reason: \"spam\")\n    IRC     #spam  closed\n"),
        result.out());
  }

  @Test
  void aCommunityWithoutStatusAsksWhetherTheOperatorRuns(KubernetesClient client) throws IOException {
    created(client, NEW_NS, "westchat", "westchat.example.org");

    Result result = status(client, "westchat", "--namespace", NEW_NS);

    assertEquals(1, result.exitCode(), result.err() + result.out());
    assertTrue(result.out().contains("No status yet: the operator has not looked at it yet: is it running?"), result.out());
  }

  @Test
  void withSeveralCommunitiesOneMustBeNamedAndAMissingOneIsNotFound(KubernetesClient client) throws IOException {
    created(client, TWO_NS, "first", "first.example.org");
    created(client, TWO_NS, "second", "second.example.org");

    Result several = status(client, "--namespace", TWO_NS);
    assertEquals(2, several.exitCode(), several.err());
    assertEquals("westchat status: namespace " + TWO_NS + " has 2 WestchatCommunities (first, second); name one: "
        + "westchat status NAME\n", several.err());
    assertEquals("", several.out());

    Result missing = status(client, "--namespace", TWO_NS, "third");
    assertEquals(1, missing.exitCode(), missing.err());
    assertEquals("westchat status: no WestchatCommunity \"third\" in namespace " + TWO_NS + "; it has first, second\n",
        missing.err());

    Result none = status(client, "--namespace", EMPTY_NS);
    assertEquals(1, none.exitCode(), none.err());
    assertEquals("westchat status: no WestchatCommunity in namespace " + EMPTY_NS + "; name another with --namespace NS\n",
        none.err());
  }
}
