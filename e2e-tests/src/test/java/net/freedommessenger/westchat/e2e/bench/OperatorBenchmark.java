package net.freedommessenger.westchat.e2e.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.CertificateStandIn;
import net.freedommessenger.westchat.e2e.chart.Helm;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import net.freedommessenger.westchat.e2e.cluster.ApiServerRequests;
import net.freedommessenger.westchat.e2e.cluster.AuditLog;
import net.freedommessenger.westchat.e2e.cluster.LocalCluster;
import net.freedommessenger.westchat.e2e.cluster.LocalClusterExtension;
import net.freedommessenger.westchat.e2e.cluster.OperatorMetrics;
import net.freedommessenger.westchat.e2e.cluster.OperatorProcess;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's own speed on the local cluster (kwok's fake node), with the packaged operator run
 * as a process like the chart's pod runs it (its ServiceAccount, its environment, the JVM options
 * its container gets). Prints a table of figures and writes it to
 * e2e-tests/target/benchmark/; asserts no time. Not part of the test suite: run it with
 * {@code ./westchat bench} (docs/benchmark.md), smaller counts with the system properties below.
 *
 * <ul>
 *   <li>{@code westchat.bench.oneByOne} (20): communities of each sample applied one after the other;
 *   <li>{@code westchat.bench.atOnce} (100): communities applied at once;
 *   <li>{@code westchat.bench.recreations} (10): deletions of each kind of child;
 *   <li>{@code westchat.bench.noOpSeconds} (120): the window in which the operator's writes are counted;
 *   <li>{@code westchat.bench.timeoutSeconds} (300): how long a step may take before it is reported as timed out.
 * </ul>
 *
 * <p>Objects are timed by when this JVM's informers (one per kind, every namespace) first see
 * them, so nothing polls the API server meanwhile. Writes are counted twice: from the API
 * server's apiserver_request_total (every client: it has no user label) and from its audit log
 * (the operator's ServiceAccount only).
 */
@ExtendWith(LocalClusterExtension.class)
class OperatorBenchmark {

  static final int ONE_BY_ONE = Integer.getInteger("westchat.bench.oneByOne", 20);
  static final int AT_ONCE = Integer.getInteger("westchat.bench.atOnce", 100);
  static final int RECREATIONS = Integer.getInteger("westchat.bench.recreations", 10);
  static final Duration NO_OP = Duration.ofSeconds(Long.getLong("westchat.bench.noOpSeconds", 120));
  static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("westchat.bench.timeoutSeconds", 300));
  /** How long the operator must send nothing before the no-op window opens. */
  static final Duration QUIET = Duration.ofSeconds(15);
  static final String OPERATOR_NAMESPACE = "westchat-system";
  static final String RELEASE = "westchat-operator";
  static final Map<String, String> RESTRICTED = Map.of("pod-security.kubernetes.io/enforce", "restricted",
      "pod-security.kubernetes.io/enforce-version", "latest");
  static final List<String> SAMPLES = List.of("minimal.yaml", "full.yaml");

  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private KubernetesClient admin;
  private LocalCluster cluster;
  private RenderedChart chart;
  private OperatorProcess operator;
  private FirstSeen seen;
  private AuditLog audit;
  private String user;
  private int generation;

  @Test
  void measure(LocalCluster cluster) throws Exception {
    this.cluster = cluster;
    this.admin = cluster.client();
    this.audit = cluster.auditLog();
    notes.add("started " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "; load before: " + load()
        + "; cores: " + Runtime.getRuntime().availableProcessors() + "; counts: oneByOne=" + ONE_BY_ONE + " atOnce=" + AT_ONCE
        + " recreations=" + RECREATIONS + " noOpSeconds=" + NO_OP.toSeconds());
    CertificateStandIn.install(admin);
    cluster.createNamespace(OPERATOR_NAMESPACE, RESTRICTED);
    try (Helm helm = Helm.create()) {
      helm.install(cluster.adminKubeconfig(), RELEASE, OPERATOR_NAMESPACE);
      chart = RenderedChart.parse(helm.template(RELEASE, OPERATOR_NAMESPACE));
    }
    user = OperatorProcess.userOf(chart);
    List<HasMetadata> kinds = new ArrayList<>();
    for (String sample : SAMPLES) {
      kinds.addAll(desired(sample(sample, "kinds")));
    }
    seen = FirstSeen.watch(admin, kinds);
    try {
      long begin = System.nanoTime();
      startOperator();
      row("operator start (process start → /q/health/started)", ms(System.nanoTime() - begin), "", "JVM: "
          + String.join(" ", OperatorProcess.AS_IN_THE_CHARTS_CONTAINER) + " (what the chart's container gets)");
      FirstSeen.sleep(10_000);
      row("operator RSS idle (no community, 10 s after start)", rss(), "≤ 256 MiB", "");

      Map<String, List<String>> oneByOne = new LinkedHashMap<>();
      for (String sample : SAMPLES) {
        oneByOne.put(sample, applyOneByOne(sample));
      }
      statusNote(oneByOne.get("minimal.yaml").get(0));
      statusNote(oneByOne.get("full.yaml").get(0));
      recreations(oneByOne.get("minimal.yaml"));
      row("operator RSS with " + 2 * ONE_BY_ONE + " communities", rss(), "≤ 256 MiB", "");
      deleteNamespaces(oneByOne.values().stream().flatMap(List::stream).toList());

      List<String> many = applyAtOnce();
      row("operator RSS with " + AT_ONCE + " communities", rss(), "≤ 256 MiB", reconcileFigures());
      noOpWindow(many);
      forcedResyncByRestart(many);
      row("operator RSS with " + AT_ONCE + " communities, after the restart", rss(), "≤ 256 MiB", "");
      forcedResyncByAnnotation(many);
    } finally {
      if (operator != null) {
        operator.close();
        notes.add("operator log: " + operator.log());
      }
      seen.close();
      print();
      if (Boolean.getBoolean("westchat.bench.keep")) {
        cluster.keepFilesOnClose();
        notes.add("the cluster's folder is kept: " + cluster.directory());
      }
    }
  }

  // ------------------------------------------------------------------------------- the figures --

  /** Each community in a fresh namespace, one after the other: apply → every object of the model seen. */
  private List<String> applyOneByOne(String sample) {
    List<String> namespaces = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    int objects = 0;
    int timedOut = 0;
    double loadBefore = loadOneMinute();
    String base = sample.replace(".yaml", "");
    for (int i = 1; i <= ONE_BY_ONE; i++) {
      String namespace = String.format(Locale.ROOT, "bench-%s-%02d", base, i);
      cluster.createNamespace(namespace, RESTRICTED);
      namespaces.add(namespace);
      WestchatCommunity community = sample(sample, namespace);
      long begin = System.nanoTime();
      admin.resource(community).create();
      List<HasMetadata> expected = expected(namespace, community.getMetadata().getName());
      objects = expected.size();
      Optional<Long> last = seen.awaitAll(expected, begin, TIMEOUT);
      if (last.isPresent()) {
        times.add(last.get() - begin);
      } else {
        timedOut++;
        notes.add(sample + " in " + namespace + ": not every object within " + TIMEOUT.toSeconds() + " s; missing "
            + seen.missing(expected, begin));
      }
    }
    row("apply → all objects exist, samples/" + sample + " (" + objects + " objects; " + ONE_BY_ONE
            + " fresh communities, one after the other)", percentiles(times) + (timedOut > 0 ? "; " + timedOut + " timed out" : ""),
        "p50 ≤ 300 ms, p99 ≤ 1 s", "load " + loadBefore + " → " + loadOneMinute());
    return namespaces;
  }

  /** A child Deployment, ConfigMap and Secret deleted: time until the operator has made it again. */
  private void recreations(List<String> namespaces) {
    WestchatCommunity model = sample("minimal.yaml", "any");
    String synapse = SynapseObjects.name(model);
    String ergoConfig = desired(model).stream().filter(o -> o instanceof Secret
        && ErgoObjects.COMPONENT.equals(o.getMetadata().getLabels().get(CommunityLabels.COMPONENT)))
        .map(o -> o.getMetadata().getName()).findFirst().orElseThrow();
    Map<String, Class<? extends HasMetadata>> children = new LinkedHashMap<>();
    children.put("Deployment " + synapse, Deployment.class);
    children.put("ConfigMap " + synapse, ConfigMap.class);
    children.put("Secret " + ergoConfig + " (Ergo's config)", Secret.class);
    for (Map.Entry<String, Class<? extends HasMetadata>> child : children.entrySet()) {
      String name = child.getKey().split(" ")[1];
      String kind = child.getKey().split(" ")[0];
      List<Long> times = new ArrayList<>();
      int timedOut = 0;
      double loadBefore = loadOneMinute();
      for (int i = 0; i < RECREATIONS; i++) {
        String namespace = namespaces.get(i % namespaces.size());
        HasMetadata object = admin.resources(child.getValue()).inNamespace(namespace).withName(name).get();
        if (object == null) {
          notes.add("recreation: " + kind + " " + namespace + "/" + name + " is missing before its deletion");
          continue;
        }
        String uid = object.getMetadata().getUid();
        long begin = System.nanoTime();
        admin.resources(child.getValue()).inNamespace(namespace).withName(name).delete();
        Optional<Long> again = seen.awaitNewUid(FirstSeen.key(kind, namespace, name), uid, TIMEOUT);
        if (again.isPresent()) {
          times.add(again.get() - begin);
        } else {
          timedOut++;
        }
        // the next deletion is of a settled child: the Deployment's new ReplicaSet and pods, the rolled Ergo
        FirstSeen.sleep(1000);
      }
      row("deleted child " + child.getKey() + " → made again (" + RECREATIONS + " deletions)",
          percentiles(times) + (timedOut > 0 ? "; " + timedOut + " not made again within " + TIMEOUT.toSeconds() + " s" : ""),
          "p50 ≤ 500 ms", "load " + loadBefore + " → " + loadOneMinute());
    }
  }

  /** AT_ONCE communities created as fast as the client goes (8 threads): until every object of all exists. */
  private List<String> applyAtOnce() throws Exception {
    List<String> namespaces = new ArrayList<>();
    for (int i = 1; i <= AT_ONCE; i++) {
      namespaces.add(String.format(Locale.ROOT, "bench-many-%03d", i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<?> f : pool.invokeAll(namespaces.stream().map(ns -> (java.util.concurrent.Callable<Object>) () ->
          cluster.createNamespace(ns, RESTRICTED)).toList())) {
        f.get();
      }
      double loadBefore = loadOneMinute();
      double reconcilesBefore = OperatorMetrics.of(operator).reconcilesEnded(null);
      long begin = System.nanoTime();
      List<Future<Object>> created = pool.invokeAll(namespaces.stream().map(ns -> (java.util.concurrent.Callable<Object>) () -> {
        WestchatCommunity community = sample("minimal.yaml", ns);
        admin.resource(community).create();
        return null;
      }).toList());
      for (Future<Object> f : created) {
        f.get();
      }
      long allCreated = System.nanoTime();
      // the model from the stored communities (with the API server's defaults), as the operator sees them
      List<HasMetadata> all = new ArrayList<>();
      for (String ns : namespaces) {
        all.addAll(expected(ns, "westchat"));
      }
      Optional<Long> last = seen.awaitAll(all, begin, TIMEOUT);
      String objects = last.map(t -> ms(t - begin)).orElse("not within " + TIMEOUT.toSeconds() + " s; missing "
          + seen.missing(all, begin).size() + " of " + all.size());
      // the status the operator can write on kwok: Matrix could not register the admins, Synapse does not answer
      Optional<Long> statusOfAll = await(() -> countWithCondition(namespaces, "Matrix", "AdminRegistrationFailed") == AT_ONCE);
      Optional<Long> readyCondition = await(() -> countWithCondition(namespaces, "Ready", null) == AT_ONCE);
      double loadAfter = loadOneMinute();
      row(AT_ONCE + " communities (samples/minimal.yaml) applied at once (" + all.size() + " objects) → all objects of all exist",
          objects, "≤ 20 s", "creates sent in " + ms(allCreated - begin) + "; load " + loadBefore + " → " + loadAfter);
      row(AT_ONCE + " communities → every one has a Ready condition in its status",
          readyCondition.map(t -> ms(t - begin)).orElse("not within " + TIMEOUT.toSeconds() + " s"), "",
          "how long the last one waited for its first reconcile to end");
      row(AT_ONCE + " communities → every one says Matrix AdminRegistrationFailed (as far as kwok lets them go)",
          statusOfAll.map(t -> ms(t - begin)).orElse("not within " + TIMEOUT.toSeconds() + " s"), "",
          String.format(Locale.ROOT, "reconciles ended meanwhile: %.0f", OperatorMetrics.of(operator).reconcilesEnded(null)
              - reconcilesBefore));
      return namespaces;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Nothing changes for NO_OP: the writes the operator sends (its retries every minute included). */
  private void noOpWindow(List<String> namespaces) {
    Optional<Long> quiet = awaitQuiet();
    if (quiet.isEmpty()) {
      notes.add("no-op: the operator did not stay quiet for " + QUIET.toSeconds() + " s within " + TIMEOUT.toSeconds()
          + " s; the window was measured anyway");
    }
    Map<ApiServerRequests.Key, Long> before = ApiServerRequests.scrape(admin);
    Instant from = Instant.now();
    double reconcilesBefore = OperatorMetrics.of(operator).reconcilesEnded(null);
    FirstSeen.sleep(NO_OP.toMillis());
    Instant until = Instant.now();
    Map<ApiServerRequests.Key, Long> after = ApiServerRequests.scrape(admin);
    double reconciles = OperatorMetrics.of(operator).reconcilesEnded(null) - reconcilesBefore;
    writesRow("no-op for " + NO_OP.toSeconds() + " s with " + namespaces.size() + " settled communities", before, after,
        from, until,
        String.format(Locale.ROOT, "%.0f reconciles ran in the window (retries: Synapse does not answer on kwok)", reconciles));
  }

  /** The operator stopped and started again: every community reconciled from nothing. */
  private void forcedResyncByRestart(List<String> namespaces) {
    awaitQuiet();
    Map<ApiServerRequests.Key, Long> before = ApiServerRequests.scrape(admin);
    Instant from = Instant.now();
    long begin = System.nanoTime();
    operator.close();
    startOperator();
    long started = System.nanoTime();
    Optional<Long> allReconciled = await(() -> OperatorMetrics.of(operator).reconcilesEnded(null) >= namespaces.size());
    awaitQuiet();
    Instant until = Instant.now();
    Map<ApiServerRequests.Key, Long> after = ApiServerRequests.scrape(admin);
    writesRow("forced resync: operator restarted, " + namespaces.size() + " communities reconciled from nothing", before, after,
        from, until,
        "restart took " + ms(started - begin) + "; every community reconciled "
            + allReconciled.map(t -> ms(t - started) + " after the start").orElse("not within " + TIMEOUT.toSeconds() + " s")
            + "; window " + Duration.between(from, until).toSeconds() + " s");
  }

  /** An annotation no one reads, put on every community: metadata only, its generation stays. */
  private void forcedResyncByAnnotation(List<String> namespaces) {
    awaitQuiet();
    Map<ApiServerRequests.Key, Long> before = ApiServerRequests.scrape(admin);
    double reconcilesBefore = OperatorMetrics.of(operator).reconcilesEnded(null);
    Instant from = Instant.now();
    String stamp = Long.toString(System.currentTimeMillis());
    for (String ns : namespaces) {
      admin.resources(WestchatCommunity.class).inNamespace(ns).withName("westchat")
          .edit(c -> {
            c.getMetadata().setAnnotations(new LinkedHashMap<>(Optional.ofNullable(c.getMetadata().getAnnotations())
                .orElse(Map.of())));
            c.getMetadata().getAnnotations().put("bench.westchat.freedom-messenger.net/touched", stamp);
            return c;
          });
    }
    FirstSeen.sleep(QUIET.toMillis());
    awaitQuiet();
    Instant until = Instant.now();
    Map<ApiServerRequests.Key, Long> after = ApiServerRequests.scrape(admin);
    double reconciles = OperatorMetrics.of(operator).reconcilesEnded(null) - reconcilesBefore;
    writesRow("forced resync: an unrelated annotation put on each of the " + namespaces.size() + " communities", before, after,
        from, until,
        String.format(Locale.ROOT, "%.0f reconciles followed", reconciles));
  }

  private void writesRow(String what, Map<ApiServerRequests.Key, Long> before, Map<ApiServerRequests.Key, Long> after,
      Instant from, Instant until, String detail) {
    Map<ApiServerRequests.Key, Long> writes = ApiServerRequests.writes(ApiServerRequests.delta(before, after));
    List<AuditLog.Write> audited = audit.writes(from, until);
    List<AuditLog.Write> operatorWrites = audited.stream().filter(w -> w.user().equals(user)).toList();
    Map<String, Long> byUser = audited.stream().collect(Collectors.groupingBy(w -> w.user() + ": " + w.verb() + " " + w.kind(),
        java.util.TreeMap::new, Collectors.counting()));
    row(what + ": write requests by the operator (audit log, its ServiceAccount)",
        operatorWrites.size() + (operatorWrites.isEmpty() ? "" : " " + AuditLog.countByVerbAndKind(operatorWrites)), "0",
        detail + "; load " + loadOneMinute());
    row(what + ": write requests by every client (apiserver_request_total, no user label)",
        writes.values().stream().mapToLong(Long::longValue).sum() + " " + ApiServerRequests.byVerb(writes), "",
        "by resource: " + writes + "; by user (audit log): " + byUser);
    operatorWrites.stream().filter(w -> w.resource().equals("events")).limit(3).forEach(w -> {
      var event = admin.v1().events().inNamespace(w.namespace()).withName(w.name()).get();
      if (event != null) {
        notes.add(what + ": the operator's Event " + w.namespace() + "/" + w.name() + ": " + event.getType() + " "
            + event.getReason() + " \"" + event.getMessage() + "\"");
      }
    });
  }

  // ----------------------------------------------------------------------------------- helpers --

  private void startOperator() {
    operator = OperatorProcess.start(cluster, chart, "operator-bench-" + ++generation,
        OperatorProcess.AS_IN_THE_CHARTS_CONTAINER).awaitStarted();
  }

  /** Until the operator has sent no write for QUIET; returns when, or empty after the timeout. */
  private Optional<Long> awaitQuiet() {
    long start = System.nanoTime();
    return await(() -> System.nanoTime() - start > QUIET.toNanos()
        && audit.writesBy(user, Instant.now().minus(QUIET)).isEmpty());
  }

  private Optional<Long> await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!operator.isAlive()) {
        throw new IllegalStateException("the operator exited; its log ends:\n" + operator.logTail(40));
      }
      try {
        if (condition.getAsBoolean()) {
          return Optional.of(System.nanoTime());
        }
      } catch (RuntimeException notYet) {
        // asked again
      }
      FirstSeen.sleep(100);
    }
    return Optional.empty();
  }

  private long countWithCondition(List<String> namespaces, String type, String reason) {
    java.util.Set<String> wanted = java.util.Set.copyOf(namespaces);
    return admin.resources(WestchatCommunity.class).inAnyNamespace().list().getItems().stream()
        .filter(c -> wanted.contains(c.getMetadata().getNamespace()))
        .filter(c -> c.getStatus() != null && c.getStatus().conditions != null && c.getStatus().conditions.stream()
            .anyMatch(cond -> type.equals(cond.type) && (reason == null || reason.equals(cond.reason))))
        .count();
  }

  private void statusNote(String namespace) {
    await(() -> countWithCondition(List.of(namespace), "Matrix", "AdminRegistrationFailed") == 1);
    WestchatCommunity stored = admin.resources(WestchatCommunity.class).inNamespace(namespace).withName("westchat").get();
    StringBuilder text = new StringBuilder("status of " + namespace + " on kwok (pods Ready, nothing answers):");
    if (stored.getStatus() != null && stored.getStatus().conditions != null) {
      for (CommunityCondition c : stored.getStatus().conditions) {
        text.append("\n    ").append(c.type).append(' ').append(c.status).append(' ').append(c.reason).append(": ").append(c.message);
      }
    }
    notes.add(text.toString());
  }

  private void deleteNamespaces(List<String> namespaces) {
    long begin = System.nanoTime();
    namespaces.forEach(ns -> admin.namespaces().withName(ns).delete());
    Optional<Long> gone = await(() -> namespaces.stream().allMatch(ns -> admin.namespaces().withName(ns).get() == null));
    notes.add("the " + namespaces.size() + " namespaces of the one-by-one communities deleted before the next step: "
        + gone.map(t -> "gone after " + ms(t - begin)).orElse("not all gone within " + TIMEOUT.toSeconds() + " s"));
  }

  /** The operator's own figures: reconciles, their mean and longest duration. */
  private String reconcileFigures() {
    OperatorMetrics metrics = OperatorMetrics.of(operator);
    double count = metrics.sum("reconciliations_execution_duration_seconds_count");
    double sum = metrics.sum("reconciliations_execution_duration_seconds_sum");
    double max = metrics.sum("reconciliations_execution_duration_seconds_max");
    return String.format(Locale.ROOT, "reconciles ended: %.0f (failed %.0f); reconcile time mean %.0f ms, max %.0f ms"
            + " (the operator's /q/metrics)", metrics.reconcilesEnded(null), metrics.sum("reconciliations_failed_total"),
        count == 0 ? 0 : sum / count * 1000, max * 1000);
  }

  private String rss() {
    try {
      Map<String, String> status = Files.readAllLines(Path.of("/proc", Long.toString(operator.pid()), "status")).stream()
          .filter(l -> l.startsWith("VmRSS:") || l.startsWith("VmHWM:") || l.startsWith("Threads:"))
          .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).trim()));
      return String.format(Locale.ROOT, "%.0f MiB (peak %.0f MiB; %s threads)", kib(status.get("VmRSS")) / 1024.0,
          kib(status.get("VmHWM")) / 1024.0, status.get("Threads"));
    } catch (IOException e) {
      return "(cannot read /proc/" + operator.pid() + "/status: " + e + ")";
    }
  }

  private static long kib(String value) {
    return Long.parseLong(value.replace("kB", "").trim());
  }

  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  static double loadOneMinute() {
    try {
      return Double.parseDouble(load().split(" ")[0]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "no sample";
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return "p50 " + ms(nearestRank(sorted, 0.50)) + ", p99 " + ms(nearestRank(sorted, 0.99)) + " (min " + ms(sorted.get(0))
        + ", max " + ms(sorted.get(sorted.size() - 1)) + ", n=" + sorted.size() + ")";
  }

  static long nearestRank(List<Long> sorted, double quantile) {
    int rank = (int) Math.ceil(quantile * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }

  static String ms(long nanos) {
    return nanos >= 10_000_000_000L ? String.format(Locale.ROOT, "%.1f s", nanos / 1e9)
        : String.format(Locale.ROOT, "%d ms", nanos / 1_000_000);
  }

  private static WestchatCommunity sample(String file, String namespace) {
    try {
      WestchatCommunity community = Serialization.unmarshal(
          Files.readString(ApiServer.repoRoot().resolve("samples").resolve(file)), WestchatCommunity.class);
      community.getMetadata().setNamespace(namespace);
      return community;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> desired(WestchatCommunity community) {
    return CommunityObjects.desired(community, ExistingSecrets.NONE, new RandomSecretGenerator());
  }

  /** The objects of the stored community (with the API server's defaults), by the operator's model. */
  private List<HasMetadata> expected(String namespace, String name) {
    WestchatCommunity stored = admin.resources(WestchatCommunity.class).inNamespace(namespace).withName(name).get();
    return desired(stored);
  }

  private void row(String what, String value, String goal, String detail) {
    rows.add(new String[] {what, value, goal, detail});
    System.out.println("benchmark: " + what + ": " + value + (detail.isEmpty() ? "" : " (" + detail + ")"));
  }

  private void print() throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("Westchat operator benchmark: the local cluster (etcd, kube-apiserver, controllers, kwok's fake node), ")
        .append("the packaged operator as a process with the chart's ServiceAccount\n\n");
    out.append("| figure | measured | goal | detail |\n| --- | --- | --- | --- |\n");
    for (String[] row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    out.append('\n');
    notes.add("load at the end: " + load());
    for (String note : notes) {
      out.append("- ").append(note).append('\n');
    }
    System.out.println("\n" + out);
    Path dir = ApiServer.repoRoot().resolve("e2e-tests/target/benchmark");
    Files.createDirectories(dir);
    Path file = dir.resolve("operator-benchmark-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-')
        + ".md");
    Files.writeString(file, out.toString());
    System.out.println("benchmark: the table is in " + file);
  }
}
