package net.freedommessenger.westchat.e2e.cluster;

import static net.freedommessenger.westchat.e2e.testenv.Pause.sleep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.ClosedRoom;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.api.status.ClosedRoomStatus;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.chart.Helm;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.synapse.SynapseSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults on the real node, with the operator installed by the chart: the operator SIGKILLed at
 * random moments of the first reconcile of samples/full.yaml; Synapse, Prosody and Ergo each
 * SIGKILLed while their rooms and accounts are set up; Synapse and Ergo SIGKILLed right after an
 * admin closes or reopens a room; etcd and the API server crashed and started again; a community
 * deleted and made again under Retain. Each run must converge to Ready with
 * every Secret value it had before the fault and no room made twice; the table of figures is
 * printed at the end. CI runs a few of each; docs/faults.md says how to run the full count.
 */
@ExtendWith(RealNodeExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsOnTheRealNodeTest {

  static final int OPERATOR_KILLS = Integer.getInteger("westchat.faults.operatorKills", 2);
  static final int SERVER_KILLS = Integer.getInteger("westchat.faults.serverKills", 1);
  static final int CONTROL_PLANE_CRASHES = Integer.getInteger("westchat.faults.controlPlaneCrashes", 1);
  /** The first reconcile of full.yaml, from apply to Ready, takes about a minute on the real node. */
  static final Duration KILL_WINDOW = Duration.ofSeconds(Long.getLong("westchat.faults.windowSeconds", 50));
  static final Duration READY = Duration.ofSeconds(420);
  static final String NAME = "westchat";
  static final Path FULL = ApiServer.repoRoot().resolve("samples/full.yaml");
  static final Path MINIMAL = ApiServer.repoRoot().resolve("samples/minimal.yaml");
  /** Three networks and one room, lobby, without the heavier parts of full.yaml. */
  static final Path WITH_A_ROOM = ApiServer.repoRoot().resolve("samples/heisenbridge.yaml");

  final FaultTable table = new FaultTable();
  final long seed = Long.getLong("westchat.faults.seed", System.nanoTime());
  final Random random = new Random(seed);
  RealNodeCluster cluster;
  KubernetesClient admin;
  Helm helm;
  RenderedChart installed;
  int namespaces;

  @BeforeAll
  void installTheOperator(RealNodeCluster cluster) {
    this.cluster = cluster;
    admin = cluster.client();
    helm = Helm.create();
    ChartScenarios.installOperator(cluster, helm);
    installed = ChartScenarios.installedChart(helm);
    cluster.operatorOf(installed);
    System.out.println("fault runs: seed " + seed + " (-Dwestchat.faults.seed=" + seed + " repeats the moments)");
  }

  @AfterAll
  void printTheTableAndUninstall() {
    try {
      System.out.println("Faults on the real node (seed " + seed + "):\n" + table.markdown());
      helm.uninstall(cluster.adminKubeconfig(), ChartScenarios.RELEASE, ChartScenarios.OPERATOR_NAMESPACE);
    } finally {
      helm.close();
    }
  }

  @Test
  @Order(1)
  void theOperatorKilledAtRandomMomentsOfTheFirstReconcileConvergesAndKeepsEverySecret() {
    for (int i = 0; i < OPERATOR_KILLS; i++) {
      Duration moment = Duration.ofMillis((long) (random.nextDouble() * KILL_WINDOW.toMillis()));
      run("operator SIGKILL during the first reconcile of full.yaml", FULL, after(moment), namespace -> {
        killContainer(operatorPod(), "operator");
        return "operator";
      });
      // a fresh pod for the next run: the kubelet's back-off grows with every crash of one pod
      freshOperatorPod();
    }
    assertEveryRunConverged();
  }

  @Test
  @Order(2)
  void synapseProsodyAndErgoKilledWhileRoomsAndAccountsAreSetUpConverge() {
    for (String server : List.of("synapse", "prosody", "ergo")) {
      for (int i = 0; i < SERVER_KILLS; i++) {
        // the operator's in-server steps begin once the server's pod is Ready
        run(server + " SIGKILL during room set-up", MINIMAL, (namespace, applied) -> await().atMost(READY)
            .pollInterval(Duration.ofMillis(200)).until(() -> serverPod(namespace, server),
                p -> p != null && CommunityOnTheRealNodeTest.isReady(p)), namespace -> {
          killContainer(serverPod(namespace, server), server);
          return server;
        });
      }
    }
    assertEveryRunConverged();
  }

  @Test
  @Order(3)
  void etcdAndTheApiServerCrashedWhileTheOperatorWorksConverge() {
    for (String program : List.of("etcd", "kube-apiserver")) {
      for (int i = 0; i < CONTROL_PLANE_CRASHES; i++) {
        Duration moment = Duration.ofMillis((long) (random.nextDouble() * 15_000));
        run(program + " SIGKILL and restart while minimal.yaml is set up", MINIMAL, after(moment), namespace -> {
          Duration back = cluster.controlPlane().crashAndRestart(program);
          System.out.printf(Locale.ROOT, "  %s answered again %.1f s after SIGKILL%n", program, back.toMillis() / 1000.0);
          return program;
        });
      }
    }
    assertEveryRunConverged();
  }

  /**
   * Retain, then moderation. The community deleted and made again with the same name finds its
   * Secrets, volumes and accounts: the admin logs in to Synapse with the password from before, and
   * the lobby is the same room. Then Synapse killed right after an admin closes lobby, Ergo right
   * after it is reopened: the edit still reaches both networks.
   */
  @Test
  @Order(4)
  void aCommunityMadeAgainUnderRetainFindsItsDataAndAccountsAndModerationOutlivesAServerCrash() {
    String namespace = nextNamespace();
    apply(namespace, WITH_A_ROOM);
    assertTrue(awaitReady(namespace, new LinkedHashSet<>()), "the first time, it reaches Ready");
    Map<String, Map<String, String>> before = secrets(namespace);
    String lobby = lobbyRoomId(namespace);
    Set<String> users = synapseUsers(namespace);

    admin.resources(WestchatCommunity.class).inNamespace(namespace).withName(NAME).delete();
    await().atMost(READY).until(() -> admin.pods().inNamespace(namespace).list().getItems().isEmpty());
    long again = System.nanoTime();
    apply(namespace, WITH_A_ROOM);
    boolean converged = awaitReady(namespace, new LinkedHashSet<>());
    Duration toReady = Duration.ofNanos(System.nanoTime() - again);
    int changed = changedSecrets(before, secrets(namespace));
    table.add("community deleted and made again (Retain)", new FaultTable.Run(converged, changed, duplicateRooms(namespace),
        toReady));
    assertTrue(converged, "made again, it reaches Ready");
    assertEquals(0, changed, "Secrets regenerated");
    assertEquals(lobby, lobbyRoomId(namespace), "the lobby is the room from before");
    // the bridge may have made a puppet account since; every account from before must be there
    Set<String> usersNow = synapseUsers(namespace);
    assertTrue(usersNow.containsAll(users), "Synapse's accounts from before " + users + ", now " + usersNow);

    ClosedRoom lobbyClosed = new ClosedRoom();
    lobbyClosed.network = RoomNetwork.COMMUNITY;
    lobbyClosed.room = "lobby";
    lobbyClosed.reason = "closed while a server crashed";
    moderationUnderACrash(namespace, "synapse", List.of(lobbyClosed),
        closed -> closed.size() == 1 && !closed.get(0).results.isEmpty()
            && closed.get(0).results.stream().allMatch(r -> "Closed".equals(r.state)));
    moderationUnderACrash(namespace, "ergo", List.of(), List::isEmpty);
    admin.namespaces().withName(namespace).delete();
    assertEveryRunConverged();
  }

  /** An admin's edit of spec.moderation.closedRooms, the server's container killed right after it. */
  private void moderationUnderACrash(String namespace, String server, List<ClosedRoom> closedRooms,
      Predicate<List<ClosedRoomStatus>> done) {
    Map<String, Map<String, String>> before = secrets(namespace);
    long editedAt = System.nanoTime();
    CommunityEdits.edit(admin, namespace, NAME, c -> c.getSpec().moderation.closedRooms = new ArrayList<>(closedRooms));
    killContainer(serverPod(namespace, server), server);
    Set<String> waitedFor = new LinkedHashSet<>();
    boolean converged = awaitReady(namespace, waitedFor) && awaitClosedRooms(namespace, done);
    Duration toReady = Duration.ofNanos(System.nanoTime() - editedAt);
    int changed = changedSecrets(before, secrets(namespace));
    String fault = server + " SIGKILL right after an admin " + (closedRooms.isEmpty() ? "reopens" : "closes") + " lobby";
    System.out.printf(Locale.ROOT, "%s: %s; done %.1f s after the edit; status said meanwhile: %s; closedRooms: %s%n", namespace,
        fault, toReady.toMillis() / 1000.0, waitedFor, status(namespace).closedRooms.stream()
            .map(c -> c.room + " " + c.results.stream().map(r -> r.network + " " + r.state).toList()).toList());
    table.add(fault, new FaultTable.Run(converged, changed, duplicateRooms(namespace), toReady));
  }

  private boolean awaitClosedRooms(String namespace, Predicate<List<ClosedRoomStatus>> done) {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.test(status(namespace).closedRooms)) {
        return true;
      }
      sleep(500);
    }
    return false;
  }

  private WestchatCommunityStatus status(String namespace) {
    return admin.resources(WestchatCommunity.class).inNamespace(namespace).withName(NAME).get().getStatus();
  }

  // ------------------------------------------------------------------------------------- a run --

  /**
   * Applies the sample in a namespace of its own, waits for the moment, records every Secret
   * value, brings the fault, waits for Ready and compares; the row goes into the table.
   */
  private void run(String fault, Path sample, Moment moment, Function<String, String> bringFault) {
    String namespace = nextNamespace();
    long applied = System.nanoTime();
    apply(namespace, sample);
    moment.await(namespace, applied);
    Map<String, Map<String, String>> before = secrets(namespace);
    boolean readyBefore = isReady(namespace);
    long faultAt = System.nanoTime();
    String target = bringFault.apply(namespace);
    Set<String> waitedFor = new LinkedHashSet<>();
    boolean converged = awaitReady(namespace, waitedFor);
    Duration toReady = Duration.ofNanos(System.nanoTime() - faultAt);
    int changed = converged ? changedSecrets(before, secrets(namespace)) : 0;
    int duplicates = converged ? duplicateRooms(namespace) : 0;
    System.out.printf(Locale.ROOT, "%s: %s killed %.1f s after apply%s (%d Secrets then); %s %.1f s later;"
            + " Secrets changed %d, rooms made twice %d; status said meanwhile: %s%n", namespace, target,
        (faultAt - applied) / 1e9, readyBefore ? ", after Ready" : "", before.size(),
        converged ? "Ready" : "NOT Ready", toReady.toMillis() / 1000.0, changed, duplicates, waitedFor);
    table.add(fault, new FaultTable.Run(converged, changed, duplicates, toReady));
    if (converged) {
      admin.namespaces().withName(namespace).delete();
    } else {
      System.out.println(conditions(namespace) + cluster.report(20));
    }
  }

  /** When a run's fault comes: waits for it, given the namespace and when the sample was applied (System.nanoTime). */
  interface Moment {
    void await(String namespace, long applied);
  }

  private static Moment after(Duration sinceApplied) {
    return (namespace, applied) -> sleepUntil(applied + sinceApplied.toNanos());
  }

  private void assertEveryRunConverged() {
    List<FaultTable.Run> runs = table.all();
    assertEquals(runs.size(), runs.stream().filter(FaultTable.Run::converged).count(), "runs that converged:\n" + table.markdown());
    assertEquals(0, runs.stream().mapToInt(FaultTable.Run::secretsChanged).sum(), "Secret values changed:\n" + table.markdown());
    assertEquals(0, runs.stream().mapToInt(FaultTable.Run::duplicateRooms).sum(), "rooms made twice:\n" + table.markdown());
  }

  private String nextNamespace() {
    String namespace = "faults-" + (++namespaces);
    cluster.createNamespace(namespace, ChartScenarios.RESTRICTED);
    return namespace;
  }

  private void apply(String namespace, Path sample) {
    new Kubectl(cluster.adminKubeconfig()).run("apply", "-n", namespace, "-f", sample.toString()).requireSuccess("kubectl apply");
    cluster.supplyWhatPodsWaitFor(namespace, CommunityObjectsOnTheCluster.expected(admin, namespace, NAME));
  }

  /** Waits for Ready, noting every condition that was not True on the way (what status said it waited for). */
  private boolean awaitReady(String namespace, Set<String> waitedFor) {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      WestchatCommunity community = admin.resources(WestchatCommunity.class).inNamespace(namespace).withName(NAME).get();
      if (community != null && community.getStatus() != null && community.getStatus().conditions != null) {
        for (CommunityCondition c : community.getStatus().conditions) {
          if (!"True".equals(c.status) && !"Ready".equals(c.type)) {
            waitedFor.add(c.type + "=" + c.reason);
          }
        }
        if (isReady(namespace)) {
          return true;
        }
      }
      sleep(500);
    }
    return false;
  }

  private boolean isReady(String namespace) {
    return CommunityObjectsOnTheCluster.condition(admin, namespace, NAME, "Ready").filter(c -> "True".equals(c.status)).isPresent();
  }

  // ---------------------------------------------------------------------------------- the fault --

  private Pod operatorPod() {
    return await().atMost(READY).until(() -> admin.pods().inNamespace(ChartScenarios.OPERATOR_NAMESPACE)
        .withLabels(installed.deployment().getSpec().getSelector().getMatchLabels()).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && runningContainer(p) != null)
        .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp())).orElse(null), p -> p != null);
  }

  private Pod serverPod(String namespace, String component) {
    return admin.pods().inNamespace(namespace).withLabel(CommunityLabels.NAME, component).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).findFirst().orElse(null);
  }

  private void killContainer(Pod pod, String what) {
    String id = runningContainer(pod);
    if (id == null) {
      throw new IllegalStateException(what + "'s container is not running: " + pod.getStatus());
    }
    cluster.killContainer(id);
  }

  private static String runningContainer(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    return statuses == null || statuses.isEmpty() || statuses.get(0).getState().getRunning() == null ? null
        : statuses.get(0).getContainerID();
  }

  private void freshOperatorPod() {
    Pod old = operatorPod();
    admin.resource(old).delete();
    await().atMost(READY).until(() -> {
      Pod now = operatorPod();
      return !now.getMetadata().getUid().equals(old.getMetadata().getUid()) && CommunityOnTheRealNodeTest.isReady(now);
    });
  }

  // ------------------------------------------------------------------------------- what is kept --

  /** Every Secret's values, by name. */
  private Map<String, Map<String, String>> secrets(String namespace) {
    Map<String, Map<String, String>> all = new TreeMap<>();
    for (Secret secret : admin.secrets().inNamespace(namespace).list().getItems()) {
      all.put(secret.getMetadata().getName(), secret.getData() == null ? Map.of() : new TreeMap<>(secret.getData()));
    }
    return all;
  }

  /** Secrets that existed before and hold other values now, or are gone; the Synapse signing key among them. */
  private static int changedSecrets(Map<String, Map<String, String>> before, Map<String, Map<String, String>> after) {
    int changed = 0;
    for (Map.Entry<String, Map<String, String>> secret : before.entrySet()) {
      if (!secret.getValue().equals(after.get(secret.getKey()))) {
        System.out.println("  Secret " + secret.getKey() + " changed: keys " + secret.getValue().keySet() + " -> "
            + (after.get(secret.getKey()) == null ? "gone" : after.get(secret.getKey()).keySet())
            + (secret.getValue().containsKey(SynapseSecrets.SIGNING_KEY) ? " (the Matrix signing key)" : ""));
        changed++;
      }
    }
    return changed;
  }

  /** Rooms on Synapse that share a name with another: a room the operator made twice. */
  private int duplicateRooms(String namespace) {
    JsonNode rooms = synapse(namespace).get("/_synapse/admin/v1/rooms?limit=500", adminToken(namespace)).ok().path("rooms");
    List<String> names = new ArrayList<>();
    rooms.forEach(room -> {
      if (room.hasNonNull("name")) {
        names.add(room.path("name").asText());
      }
    });
    Map<String, Long> counts = names.stream().collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
    int twice = (int) counts.values().stream().mapToLong(c -> c - 1).sum();
    if (twice > 0) {
      System.out.println("  rooms on Synapse by name: " + counts);
    }
    return twice;
  }

  private Set<String> synapseUsers(String namespace) {
    Set<String> users = new LinkedHashSet<>();
    synapse(namespace).get("/_synapse/admin/v2/users?limit=500&guests=false", adminToken(namespace)).ok().path("users")
        .forEach(u -> users.add(u.path("name").asText()));
    return users;
  }

  private String lobbyRoomId(String namespace) {
    WestchatCommunity community = admin.resources(WestchatCommunity.class).inNamespace(namespace).withName(NAME).get();
    String alias = community.getStatus().rooms.get(0).matrix.address;
    try {
      return new SynapseAdminApi(synapseUrl(namespace)).resolveAlias(adminToken(namespace), alias).orElse(null);
    } catch (Exception e) {
      throw new IllegalStateException("cannot resolve " + alias, e);
    }
  }

  private String adminToken(String namespace) {
    Secret secret = admin.secrets().inNamespace(namespace).withName("westchat-admin-alice").get();
    String password = new String(Base64.getDecoder().decode(secret.getData().get(AccountSecrets.PASSWORD)), StandardCharsets.UTF_8);
    try {
      return new SynapseAdminApi(synapseUrl(namespace)).login("alice", password);
    } catch (Exception e) {
      throw new IllegalStateException("alice cannot log in to Synapse in " + namespace, e);
    }
  }

  private MatrixHttp synapse(String namespace) {
    return new MatrixHttp(synapseUrl(namespace));
  }

  /** Synapse's Service address, which kube-proxy's rules carry to its pod from this machine. */
  private String synapseUrl(String namespace) {
    return "http://" + admin.services().inNamespace(namespace).withName("westchat-synapse").get().getSpec().getClusterIP() + ":8008";
  }

  private String conditions(String namespace) {
    WestchatCommunity community = admin.resources(WestchatCommunity.class).inNamespace(namespace).withName(NAME).get();
    StringBuilder text = new StringBuilder(namespace + " conditions:\n");
    if (community != null && community.getStatus() != null) {
      community.getStatus().conditions.forEach(c -> text.append("  ").append(c.type).append(' ').append(c.status).append(' ')
          .append(c.reason).append(": ").append(c.message).append('\n'));
    }
    return text.toString();
  }

  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      sleep(left / 1_000_000);
    }
  }
}
