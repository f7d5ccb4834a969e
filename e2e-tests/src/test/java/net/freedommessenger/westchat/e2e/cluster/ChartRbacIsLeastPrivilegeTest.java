package net.freedommessenger.westchat.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.freedommessenger.westchat.e2e.apiserver.CertificateStandIn;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.DatabaseSpec;
import net.freedommessenger.westchat.api.spec.ExternalDatabase;
import net.freedommessenger.westchat.api.spec.IssuerRef;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.api.spec.ResourceAmounts;
import net.freedommessenger.westchat.api.spec.ResourceSettings;
import net.freedommessenger.westchat.api.spec.SecretReference;
import net.freedommessenger.westchat.api.spec.TlsSpec;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.ProjectCrds;
import net.freedommessenger.westchat.e2e.chart.Helm;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import net.freedommessenger.westchat.e2e.chart.RenderedChart.Grant;
import net.freedommessenger.westchat.model.prosody.IssuedCertificate;
import net.freedommessenger.westchat.model.synapse.SynapseSecrets;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every verb the chart grants is needed: the operator runs with the chart's RBAC (namespace mode,
 * so each trial has a namespace and an operator of its own) through a scenario that uses all of
 * it, once with every rule, and once per granted verb with that one verb taken away. With every
 * rule the API server refuses nothing and the scenario completes; without a verb, the operator
 * is refused exactly that verb on that resource.
 *
 * <p>The scenario: start (informers list and watch every kind; the CRD is read); the cluster has
 * cert-manager's Certificate kind (a stand-in CRD); samples/minimal.yaml with an issuer named in
 * spec.expose.tls.issuerRef (so XMPP and IRC get Certificates, whose informer starts once the
 * operator has found the kind through discovery) and a community with an external database (whose
 * user-named Secret is read with get) are created and get every object the model describes
 * (server-side apply: patch, and create for new objects; ConfigMaps and Secrets: create) and a
 * status (patch on the status subresource); the first community's Matrix-IRC bridge asks for more CPU
 * than the fake node has, so it stays not Ready past a short spec.bridges.selfHealing.restartAfter and
 * the operator restarts it (patch), reading its pods to say why (list) and recording an Event
 * (create); a spec change replaces the Synapse ConfigMap and a key
 * removed from a generated Secret is put back (update); then, on the first, Matrix, both IRC
 * bridges and IRC are switched off and the issuer is taken out: the objects no longer desired are
 * deleted (both Certificates, Ergo's config Secret, the Matrix and Ergo workloads, Services,
 * ConfigMaps and Ingress), while generated Secrets and volume claims stay.
 *
 * <p>Trials run {@value #DEFAULT_PARALLEL} at a time unless -Dwestchat.rbac.parallel says otherwise.
 */
@ExtendWith(LocalClusterExtension.class)
class ChartRbacIsLeastPrivilegeTest {

  static final int DEFAULT_PARALLEL = 2;
  static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(180);
  static final Map<String, String> RESTRICTED = Map.of("pod-security.kubernetes.io/enforce", "restricted",
      "pod-security.kubernetes.io/enforce-version", "latest");
  static final String EXTERNAL_DATABASE_SECRET = "external-db";

  /** How a trial ended: the scenario completed, or stopped at a step; with every refusal the operator logged. */
  record Outcome(boolean completed, String step, Set<Grant> denials, Duration took, String logTail) {
    String describe() {
      return (completed ? "completed" : "stopped at: " + step) + String.format(Locale.ROOT, " after %.1f s", took.toMillis() / 1000.0)
          + (denials.isEmpty() ? ", nothing refused" : ", refused: " + denials) + "\nlast lines of the operator's log:\n" + logTail;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyGrantOfTheChartIsNeeded(LocalCluster cluster) {
    // what helm install puts in place from the chart's crds/, which is kept identical to crds/
    ProjectCrds.apply(cluster.client());
    CertificateStandIn.install(cluster.client());
    Helm helm = Helm.create();
    RenderedChart reference = RenderedChart.parse(helm.template("reference", "reference", "watchNamespaces={reference}"));
    List<Grant> grants = new ArrayList<>(RenderedChart.grants(reference.namespacedRules()));
    grants.addAll(RenderedChart.grants(reference.crdRules()));
    // -Dwestchat.rbac.only=watch runs only the trials whose grant reads like that (and the baseline)
    String only = System.getProperty("westchat.rbac.only", "");
    grants.removeIf(g -> !g.toString().contains(only));

    int parallel = Integer.getInteger("westchat.rbac.parallel", DEFAULT_PARALLEL);
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    Future<Outcome> baseline = pool.submit(() -> trial(cluster, helm, 0, null));
    List<Future<Outcome>> withoutOne = new ArrayList<>();
    for (int i = 0; i < grants.size(); i++) {
      int index = i + 1;
      Grant taken = grants.get(i);
      withoutOne.add(pool.submit(() -> trial(cluster, helm, index, taken)));
    }

    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("with every rule, the scenario completes and nothing is refused", () -> {
      Outcome outcome = await(baseline);
      System.err.println("rbac trial, every rule: " + outcome.describe());
      assertTrue(outcome.completed(), outcome.describe());
      assertEquals(Set.of(), outcome.denials(), outcome.describe());
    }));
    for (int i = 0; i < grants.size(); i++) {
      Grant taken = grants.get(i);
      Future<Outcome> future = withoutOne.get(i);
      tests.add(DynamicTest.dynamicTest("without " + taken + ", the operator is refused " + taken, () -> {
        Outcome outcome = await(future);
        System.err.println("rbac trial, without " + taken + ": " + outcome.describe());
        assertFalse(outcome.completed(), "the scenario completed without " + taken + ": " + outcome.describe());
        assertEquals(Set.of(taken), outcome.denials(), outcome.describe());
      }));
    }
    return tests.stream().onClose(() -> {
      pool.shutdownNow();
      helm.close();
    });
  }

  private static Outcome await(Future<Outcome> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new AssertionError("the trial could not run: " + e.getCause(), e.getCause());
    }
  }

  /** One operator in a namespace of its own, with the chart's RBAC minus the grant taken (none for the baseline). */
  static Outcome trial(LocalCluster cluster, Helm helm, int index, Grant taken) {
    String namespace = "rbac-trial-" + index;
    KubernetesClient admin = cluster.client();
    cluster.createNamespace(namespace, RESTRICTED);
    RenderedChart chart = RenderedChart.parse(helm.template(namespace, namespace, "watchNamespaces={" + namespace + "}"));
    List<HasMetadata> rbac = new ArrayList<>();
    for (HasMetadata object : chart.objects()) {
      if (object instanceof Role role) {
        role.setRules(without(role.getRules(), taken));
      } else if (object instanceof ClusterRole role) {
        role.setRules(without(role.getRules(), taken));
      }
      if (object instanceof ServiceAccount || object instanceof Role || object instanceof RoleBinding
          || object instanceof ClusterRole || object instanceof ClusterRoleBinding) {
        rbac.add(object);
      }
    }
    rbac.forEach(o -> admin.resource(o).create());
    admin.resource(new SecretBuilder().withNewMetadata().withName(EXTERNAL_DATABASE_SECRET).withNamespace(namespace)
        .endMetadata().addToStringData(Map.of("host", "db.example.org", "port", "5432", "database", "synapse",
            "user", "synapse", "password", "not-used-on-kwok")).build()).create();
    try (OperatorProcess operator = OperatorProcess.start(cluster, chart, "operator-" + namespace)) {
      return new Scenario(admin, operator, namespace).run();
    } finally {
      admin.namespaces().withName(namespace).delete();
      rbac.stream().filter(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding)
          .forEach(o -> admin.resource(o).delete());
    }
  }

  /** The rules with one verb on one resource removed (a rule left without verbs or resources is dropped). */
  static List<PolicyRule> without(List<PolicyRule> rules, Grant taken) {
    if (taken == null) {
      return rules;
    }
    List<PolicyRule> result = new ArrayList<>();
    for (PolicyRule rule : rules) {
      boolean affected = rule.getApiGroups().contains(taken.apiGroup()) && rule.getResources().contains(taken.resource())
          && rule.getVerbs().contains(taken.verb());
      if (!affected) {
        result.add(rule);
        continue;
      }
      List<String> otherResources = rule.getResources().stream().filter(r -> !r.equals(taken.resource())).toList();
      if (!otherResources.isEmpty()) {
        result.add(new PolicyRuleBuilder(rule).withResources(otherResources).build());
      }
      List<String> otherVerbs = rule.getVerbs().stream().filter(v -> !v.equals(taken.verb())).toList();
      if (!otherVerbs.isEmpty()) {
        result.add(new PolicyRuleBuilder(rule).withResources(taken.resource()).withVerbs(otherVerbs).build());
      }
    }
    return result;
  }

  /** The steps of a trial; each wait ends early when the operator is refused something or exits. */
  static final class Scenario {
    private final KubernetesClient admin;
    private final OperatorProcess operator;
    private final String namespace;
    private final long begin = System.nanoTime();
    private final long deadline = begin + SCENARIO_TIMEOUT.toNanos();

    Scenario(KubernetesClient admin, OperatorProcess operator, String namespace) {
      this.admin = admin;
      this.operator = operator;
      this.namespace = namespace;
    }

    Outcome run() {
      String step = "the operator starts its informers";
      if (!waitFor(() -> operator.get("/q/health/started").statusCode() == 200)) {
        return stopped(step);
      }

      step = "both communities get every object of the model and a status";
      WestchatCommunity minimal = CommunityObjectsOnTheCluster.sample("minimal.yaml", namespace);
      minimal.getSpec().expose.tls = new TlsSpec();
      minimal.getSpec().expose.tls.issuerRef = new IssuerRef();
      minimal.getSpec().expose.tls.issuerRef.name = "letsencrypt";
      unschedulableBridge(minimal);
      admin.resource(minimal).create();
      admin.resource(externalDatabaseCommunity()).create();
      List<HasMetadata> minimalObjects = CommunityObjectsOnTheCluster.expected(admin, namespace, "westchat");
      List<HasMetadata> externalObjects = CommunityObjectsOnTheCluster.expected(admin, namespace, "external");
      if (minimalObjects.stream().filter(o -> o instanceof IssuedCertificate).count() != 2) {
        throw new IllegalStateException("the scenario expects a Certificate for XMPP and one for IRC");
      }
      if (!waitFor(() -> CommunityObjectsOnTheCluster.missing(admin, minimalObjects).isEmpty()
          && CommunityObjectsOnTheCluster.missing(admin, externalObjects).isEmpty()
          && CommunityObjectsOnTheCluster.condition(admin, namespace, "westchat", "Matrix").isPresent()
          // the external database's Secret was read: the condition has moved past it
          && CommunityObjectsOnTheCluster.condition(admin, namespace, "external", "Matrix")
              .filter(c -> !c.reason.startsWith("ExternalDatabaseSecret")).isPresent())) {
        return stopped(step);
      }

      step = "a bridge not Ready past restartAfter is restarted: its pods are read and an Event is recorded";
      if (!waitFor(() -> admin.v1().events().inNamespace(namespace).list().getItems().stream()
          .anyMatch(e -> "BridgeRestarted".equals(e.getReason())))) {
        return stopped(step);
      }
      admin.v1().events().inNamespace(namespace).list().getItems().stream().filter(e -> "BridgeRestarted".equals(e.getReason()))
          .findFirst().ifPresent(e -> System.err.println(namespace + ": " + e.getMessage()));

      step = "a changed spec reaches the objects (the Synapse ConfigMap is replaced)";
      String synapseConfigMap = "westchat-synapse";
      Map<String, String> configBefore = admin.configMaps().inNamespace(namespace).withName(synapseConfigMap).get().getData();
      CommunityEdits.edit(admin, namespace, "westchat", c -> c.getSpec().registration = Registration.OPEN);
      if (!waitFor(() -> !configBefore.equals(
          admin.configMaps().inNamespace(namespace).withName(synapseConfigMap).get().getData()))) {
        return stopped(step);
      }

      step = "a key removed by hand from a generated Secret is filled in again (the Secret is replaced)";
      String synapseSecret = "westchat-synapse";
      admin.secrets().inNamespace(namespace).withName(synapseSecret).edit(secret -> {
        secret.getData().remove(SynapseSecrets.FORM_SECRET);
        return secret;
      });
      if (!waitFor(() -> admin.secrets().inNamespace(namespace).withName(synapseSecret).get().getData()
          .containsKey(SynapseSecrets.FORM_SECRET))) {
        return stopped(step);
      }

      step = "Matrix, the IRC bridges and IRC switched off and the issuer taken out: what is no longer desired is "
          + "deleted (Certificates, Ergo's config Secret), generated Secrets and volume claims stay";
      CommunityEdits.edit(admin, namespace, "westchat", c -> {
        c.getSpec().matrix.enabled = false;
        c.getSpec().bridges.matrixIrc.enabled = false;
        c.getSpec().bridges.xmppIrc.enabled = false;
        c.getSpec().irc.enabled = false;
        c.getSpec().expose.tls.issuerRef = null;
      });
      Set<String> stillDesired = CommunityObjectsOnTheCluster.expected(admin, namespace, "westchat").stream()
          .map(CommunityObjectsOnTheCluster::describe).collect(Collectors.toSet());
      List<HasMetadata> deletable = minimalObjects.stream()
          .filter(o -> !stillDesired.contains(CommunityObjectsOnTheCluster.describe(o)))
          .filter(o -> !CommunityObjectsOnTheCluster.holdsData(o))
          .toList();
      if (deletable.stream().noneMatch(o -> o instanceof IssuedCertificate)
          || deletable.stream().noneMatch(o -> o instanceof Secret)) {
        throw new IllegalStateException("the scenario no longer deletes a Certificate and a Secret: " + deletable.stream()
            .map(CommunityObjectsOnTheCluster::describe).toList());
      }
      if (!waitFor(() -> CommunityObjectsOnTheCluster.present(admin, deletable).isEmpty()
          && CommunityObjectsOnTheCluster.condition(admin, namespace, "westchat", "Matrix")
              .filter(c -> "Disabled".equals(c.reason)).isPresent())) {
        return stopped(step);
      }
      return new Outcome(true, "done", operator.denials(), took(), operator.logTail(15));
    }

    /** The Matrix-IRC bridge cannot be scheduled (the fake node has far less CPU), so it never turns Ready. */
    private static void unschedulableBridge(WestchatCommunity community) {
      community.getSpec().bridges.matrixIrc.resources = new ResourceSettings();
      community.getSpec().bridges.matrixIrc.resources.requests = new ResourceAmounts();
      community.getSpec().bridges.matrixIrc.resources.requests.cpu = "4096";
      community.getSpec().bridges.selfHealing.restartAfter = "1s";
      community.getSpec().bridges.selfHealing.maxRestarts = 1;
    }

    private WestchatCommunity externalDatabaseCommunity() {
      WestchatCommunity community = CommunityObjectsOnTheCluster.sample("minimal.yaml", namespace);
      community.getMetadata().setName("external");
      community.getSpec().domain = "external.example.org";
      DatabaseSpec database = new DatabaseSpec();
      database.external = new ExternalDatabase();
      database.external.secretRef = new SecretReference(EXTERNAL_DATABASE_SECRET);
      community.getSpec().matrix.database = database;
      return community;
    }

    /** True when the condition holds; false when the operator was refused something, exited, or time ran out. */
    private boolean waitFor(BooleanSupplier condition) {
      while (System.nanoTime() < deadline) {
        if (!operator.denials().isEmpty() || !operator.isAlive()) {
          return false;
        }
        try {
          if (condition.getAsBoolean()) {
            return true;
          }
        } catch (RuntimeException notYet) {
          // for example a 404 while an object is being made
        }
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return false;
    }

    private Outcome stopped(String step) {
      String why = !operator.isAlive() ? " (the operator exited)"
          : operator.denials().isEmpty() ? " (timed out after " + SCENARIO_TIMEOUT.toSeconds() + " s)" : "";
      // a refusal logged while the process was ending is still read
      Set<Grant> denials = operator.denials();
      String log = denials.isEmpty() ? String.join("\n", operator.refusalLines(5)) + "\n...\n" + operator.logTail(15)
          : operator.logTail(15);
      return new Outcome(false, step + why, denials, took(), log);
    }

    private Duration took() {
      return Duration.ofNanos(System.nanoTime() - begin);
    }
  }
}
