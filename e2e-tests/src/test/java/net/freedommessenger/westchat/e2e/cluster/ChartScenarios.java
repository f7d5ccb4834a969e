package net.freedommessenger.westchat.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.CertificateStandIn;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.DataRetention;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.chart.Helm;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Installed like users install it: helm install of the chart (cluster-wide RBAC) into a namespace
 * that enforces the restricted Pod Security Standard, then every file of samples/ applied with
 * kubectl. The operator runs with the chart's ServiceAccount token and environment only (see
 * {@link ClusterUnderTest#operatorOf}), so every request it makes is judged by the chart's RBAC; a
 * refused request fails the test that caused it.
 *
 * <p>The scenarios are written once and run on each {@link ClusterUnderTest}: a subclass picks
 * the cluster with its extension ({@link ChartOnTheClusterTest}, {@link ChartOnK3sTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ChartScenarios {

  static final String RELEASE = "westchat-operator";
  static final String OPERATOR_NAMESPACE = "westchat-system";
  static final Map<String, String> RESTRICTED = Map.of("pod-security.kubernetes.io/enforce", "restricted",
      "pod-security.kubernetes.io/enforce-version", "latest");
  /** Long enough for k3s to pull the servers' images; the local cluster needs seconds. */
  static final Duration ROLLOUT = Duration.ofSeconds(
      Long.getLong("westchat.cluster.rolloutSeconds", 300));
  static final String RETAIN_NAMESPACE = "retain-data";
  static final String DELETE_NAMESPACE = "delete-data";

  ClusterUnderTest cluster;
  KubernetesClient admin;
  Helm helm;
  String installOutput;
  OperatorUnderTest operator;

  @BeforeAll
  void install(ClusterUnderTest cluster) {
    this.cluster = cluster;
    this.admin = cluster.client();
    helm = Helm.create();
    installOutput = installOperator(cluster, helm);
    // the same values as installed: the Deployment's ServiceAccount and environment
    operator = cluster.operatorOf(installedChart(helm));
  }

  /**
   * The operator as users install it: helm install into its namespace (restricted); cert-manager's
   * Certificate kind is there first (a stand-in), as samples/full.yaml names an issuer. Returns helm's output.
   */
  static String installOperator(ClusterUnderTest cluster, Helm helm) {
    CertificateStandIn.install(cluster.client());
    cluster.createNamespace(OPERATOR_NAMESPACE, RESTRICTED);
    return helm.install(cluster.adminKubeconfig(), RELEASE, OPERATOR_NAMESPACE);
  }

  /** The chart's objects with the values it was installed with. */
  static RenderedChart installedChart(Helm helm) {
    return RenderedChart.parse(helm.template(RELEASE, OPERATOR_NAMESPACE));
  }

  @AfterAll
  void uninstall() {
    try {
      if (operator != null) {
        operator.close();
      }
      helm.uninstall(cluster.adminKubeconfig(), RELEASE, OPERATOR_NAMESPACE);
      // the communities go with their namespaces, so no later operator on this cluster works on them
      List<String> namespaces = new ArrayList<>(samples().stream().map(ChartScenarios::namespaceOf).toList());
      namespaces.addAll(List.of(RETAIN_NAMESPACE, DELETE_NAMESPACE));
      for (String namespace : namespaces) {
        admin.namespaces().withName(namespace).delete();
      }
    } finally {
      helm.close();
    }
  }

  @AfterEach
  void nothingWasRefused() {
    assertEquals(List.of(), List.copyOf(operator.denials()),
        "the API server refused the operator (chart RBAC) on " + cluster.describe() + "; its log ends:\n"
            + operator.logTail(40));
  }

  @Test
  @Order(1)
  void helmInstallRollsOutTheOperatorPodUnderRestrictedAndSaysWhatToApplyNext() {
    Deployment deployment = admin.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName(RELEASE).get();
    assertEquals(1, deployment.getStatus().getAvailableReplicas(), "helm install --wait returned, so it is available");
    assertEquals(List.of(), refusedPods(OPERATOR_NAMESPACE));
    assertTrue(admin.apiextensions().v1().customResourceDefinitions().withName(WestchatCommunity.CRD_NAME).get() != null);
    assertTrue(installOutput.contains("kubectl apply -n westchat -f samples/minimal.yaml"), installOutput);
    assertTrue(installOutput.contains("It watches every namespace."), installOutput);
  }

  /** Every file of samples/, so that a new sample is proven without touching this class. */
  static List<Path> samples() {
    try (Stream<Path> files = Files.list(ApiServer.repoRoot().resolve("samples"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String namespaceOf(Path sample) {
    return "sample-" + sample.getFileName().toString().replace(".yaml", "");
  }

  /**
   * Each sample rolls out: every object the model describes exists, every pod is admitted under
   * restricted and Ready, volume claims are bound, and Matrix (where the sample enables it) gets
   * as far as the cluster allows: where pods run no container, Synapse's Deployment is available
   * but nothing answers it, so the admins cannot be registered (AdminRegistrationFailed); where
   * they do, Synapse answers and Matrix is Running.
   */
  @ParameterizedTest
  @MethodSource("samples")
  @Order(2)
  void everySampleRollsOutInARestrictedNamespace(Path sample) {
    String namespace = namespaceOf(sample);
    cluster.createNamespace(namespace, RESTRICTED);
    long appliedAt = System.nanoTime();
    new Kubectl(cluster.adminKubeconfig()).run("apply", "-n", namespace, "-f", cluster.runnable(sample).toString())
        .requireSuccess("kubectl apply");
    WestchatCommunity applied = CommunityObjectsOnTheCluster.sample(sample, namespace);
    String name = applied.getMetadata().getName();

    cluster.supplyWhatPodsWaitFor(namespace, CommunityObjectsOnTheCluster.expected(admin, namespace, name));
    awaitRollout(namespace, name);
    List<HasMetadata> expected = CommunityObjectsOnTheCluster.expected(admin, namespace, name);
    assertEquals(List.of(), CommunityObjectsOnTheCluster.missing(admin, expected));
    assertEquals(List.of(), refusedPods(namespace));
    for (PersistentVolumeClaim claim : CommunityObjectsOnTheCluster.claims(admin, namespace, name)) {
      assertEquals("Bound", claim.getStatus().getPhase(), claim.getMetadata().getName());
    }
    if (!Boolean.FALSE.equals(applied.getSpec().matrix.enabled)) {
      if (cluster.runsContainers()) {
        awaitCondition(namespace, name, "Matrix", "Running");
      } else {
        CommunityCondition matrix = awaitCondition(namespace, name, "Matrix", "AdminRegistrationFailed");
        assertTrue(matrix.message.contains("could not reach Synapse"), matrix.message);
      }
    }

    if (cluster.runsContainers()) {
      // every server answers: the community is Ready, as kubectl get wcc shows it
      await().atMost(ROLLOUT).pollInterval(Duration.ofMillis(500)).until(() -> CommunityObjectsOnTheCluster
          .condition(admin, namespace, name, "Ready").filter(c -> "True".equals(c.status)).isPresent());
      System.out.printf(java.util.Locale.ROOT, "%s: %s Ready %.1f s after kubectl apply%n", cluster.describe(),
          sample.getFileName(), (System.nanoTime() - appliedAt) / 1e9);
      // no server crash-looped on its way there: a restart is printed, more than one fails the test
      List<String> restarts = admin.pods().inNamespace(namespace).list().getItems().stream()
          .filter(p -> p.getStatus().getContainerStatuses() != null)
          .flatMap(p -> p.getStatus().getContainerStatuses().stream()
              .filter(c -> c.getRestartCount() > 0)
              .map(c -> p.getMetadata().getName() + "/" + c.getName() + " restarted " + c.getRestartCount() + " times"))
          .toList();
      System.out.println(sample.getFileName() + ": containers restarted on the way to Ready: " + restarts);
      assertTrue(restarts.stream().allMatch(r -> r.endsWith(" restarted 1 times")), restarts.toString());
    }
    String listed = new Kubectl(cluster.adminKubeconfig()).run("get", "wcc", "-n", namespace).requireSuccess("kubectl get")
        .stdout();
    assertTrue(listed.lines().anyMatch(l -> l.startsWith(name + " ") && l.contains(applied.getSpec().domain)), listed);
    cluster.release(namespace, name);
  }

  @Test
  @Order(3)
  void healthAndReadinessAnswerAndReconcilesAreCountedOnTheMetricsEndpoint() {
    OperatorUnderTest.Response live = operator.get("/q/health/live");
    assertEquals(200, live.statusCode(), live.body());
    OperatorUnderTest.Response ready = operator.get("/q/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"westchatcommunity\": \"OK\""), ready.body());

    String metrics = operator.get("/q/metrics").body();
    for (String series : List.of(
        "reconciliations_started_total{controller_name=\"westchatcommunity\",namespace=\"sample-minimal\"}",
        "reconciliations_success_total{controller_name=\"westchatcommunity\",namespace=\"sample-minimal\"}",
        "reconciliations_execution_duration_seconds_count{controller_name=\"westchatcommunity\"}",
        "custom_resources{controller_name=\"westchatcommunity\"}")) {
      assertTrue(metrics.contains(series), series + " is not on /q/metrics:\n" + metrics);
    }
  }

  /**
   * Retain (the default): deleting the community removes its workloads, Services, ConfigMaps and
   * Ingress, and keeps its Secrets and volume claims; a community created again under the same
   * name takes them over, with the same passwords.
   */
  @Test
  @Order(4)
  void deletingACommunityKeepsItsSecretsAndVolumesUnderRetain() {
    String namespace = RETAIN_NAMESPACE;
    String name = "westchat";
    cluster.createNamespace(namespace, RESTRICTED);
    createMinimal(namespace);
    List<HasMetadata> objects = CommunityObjectsOnTheCluster.expected(admin, namespace, name);
    List<String> claims = claimNames(namespace, name);
    assertEquals(4, claims.size(), "the media claim and the claims of PostgreSQL, Prosody and Ergo: " + claims);
    String password = adminPassword(namespace);

    admin.resources(WestchatCommunity.class).inNamespace(namespace).withName(name).delete();
    awaitGarbageCollected(namespace, objects);
    assertEquals(objects.stream().filter(CommunityObjectsOnTheCluster::holdsData)
        .map(CommunityObjectsOnTheCluster::describe).toList(), CommunityObjectsOnTheCluster.present(admin, objects));
    assertEquals(claims, claimNames(namespace, name), "volume claims kept");
    for (PersistentVolumeClaim claim : CommunityObjectsOnTheCluster.claims(admin, namespace, name)) {
      assertEquals(List.of(), claim.getMetadata().getOwnerReferences(), claim.getMetadata().getName());
    }

    createMinimal(namespace);
    assertEquals(password, adminPassword(namespace), "the recreated community found the kept Secret");
    assertEquals(claims, claimNames(namespace, name));
  }

  /** Delete: the Secrets and volume claims go with the community. */
  @Test
  @Order(5)
  void deletingACommunityRemovesItsSecretsAndVolumesUnderDelete() {
    String namespace = DELETE_NAMESPACE;
    String name = "westchat";
    cluster.createNamespace(namespace, RESTRICTED);
    WestchatCommunity community = minimal(namespace);
    community.getSpec().dataRetention = DataRetention.DELETE;
    admin.resource(community).create();
    cluster.supplyWhatPodsWaitFor(namespace, CommunityObjectsOnTheCluster.expected(admin, namespace, name));
    awaitRollout(namespace, name);
    List<HasMetadata> objects = CommunityObjectsOnTheCluster.expected(admin, namespace, name);
    assertEquals(4, claimNames(namespace, name).size());

    admin.resources(WestchatCommunity.class).inNamespace(namespace).withName(name).delete();
    awaitGarbageCollected(namespace, objects);
    await().atMost(ROLLOUT).untilAsserted(() -> {
      assertEquals(List.of(), CommunityObjectsOnTheCluster.present(admin, objects), "Secrets and the media claim");
      assertEquals(List.of(), claimNames(namespace, name), "the claims of the StatefulSets (PostgreSQL, Prosody, Ergo), deleted with them");
    });
    assertEquals(List.of(), admin.secrets().inNamespace(namespace).withLabel("app.kubernetes.io/instance", name).list()
        .getItems().stream().map(s -> s.getMetadata().getName()).toList());
  }

  // ---------------------------------------------------------------------------------- helpers --

  private WestchatCommunity minimal(String namespace) {
    return CommunityObjectsOnTheCluster.sample(
        cluster.runnable(ApiServer.repoRoot().resolve("samples/minimal.yaml")), namespace);
  }

  /** samples/minimal.yaml created in the namespace, rolled out. */
  private void createMinimal(String namespace) {
    WestchatCommunity community = admin.resource(minimal(namespace)).create();
    String name = community.getMetadata().getName();
    cluster.supplyWhatPodsWaitFor(namespace, CommunityObjectsOnTheCluster.expected(admin, namespace, name));
    awaitRollout(namespace, name);
  }

  private void awaitRollout(String namespace, String name) {
    await().atMost(ROLLOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertEquals(List.of(), List.copyOf(operator.denials()), "refused requests");
      List<HasMetadata> expected = CommunityObjectsOnTheCluster.expected(admin, namespace, name);
      assertEquals(List.of(), CommunityObjectsOnTheCluster.missing(admin, expected), "objects not made yet");
      for (HasMetadata object : expected) {
        if (object instanceof Deployment) {
          Deployment d = admin.apps().deployments().inNamespace(namespace).withName(object.getMetadata().getName()).get();
          assertEquals(1, d.getStatus() == null ? null : d.getStatus().getAvailableReplicas(), "available: " + d.getMetadata().getName());
        } else if (object instanceof StatefulSet) {
          StatefulSet s = admin.apps().statefulSets().inNamespace(namespace).withName(object.getMetadata().getName()).get();
          assertEquals(1, s.getStatus() == null ? null : s.getStatus().getReadyReplicas(), "ready: " + s.getMetadata().getName());
        }
      }
      for (PersistentVolumeClaim claim : CommunityObjectsOnTheCluster.claims(admin, namespace, name)) {
        assertEquals("Bound", claim.getStatus().getPhase(), claim.getMetadata().getName());
      }
    });
  }

  /** Every object without data is gone, and so are the pods. */
  private void awaitGarbageCollected(String namespace, List<HasMetadata> objects) {
    List<HasMetadata> owned = objects.stream().filter(o -> !CommunityObjectsOnTheCluster.holdsData(o)).toList();
    await().atMost(ROLLOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertEquals(List.of(), CommunityObjectsOnTheCluster.present(admin, owned), "owned objects left");
      assertEquals(List.of(), admin.pods().inNamespace(namespace).list().getItems().stream()
          .map(p -> p.getMetadata().getName()).toList(), "pods left");
    });
  }

  private CommunityCondition awaitCondition(String namespace, String name, String type, String reason) {
    await().atMost(ROLLOUT).pollInterval(Duration.ofMillis(500)).until(() -> CommunityObjectsOnTheCluster
        .condition(admin, namespace, name, type).filter(c -> reason.equals(c.reason)).isPresent());
    return CommunityObjectsOnTheCluster.condition(admin, namespace, name, type).orElseThrow();
  }

  private List<String> claimNames(String namespace, String name) {
    return CommunityObjectsOnTheCluster.claims(admin, namespace, name).stream().map(c -> c.getMetadata().getName())
        .sorted().toList();
  }

  private String adminPassword(String namespace) {
    Secret secret = admin.secrets().inNamespace(namespace).withName("westchat-admin-alice").get();
    return secret.getData().get(AccountSecrets.PASSWORD);
  }

  /** Pods a controller could not create (PodSecurity refusals show up as FailedCreate events). */
  private List<String> refusedPods(String namespace) {
    return admin.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> "FailedCreate".equals(e.getReason())).map(Event::getMessage).toList();
  }
}
