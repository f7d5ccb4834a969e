package net.freedommessenger.westchat.e2e.cluster;

import static net.freedommessenger.westchat.e2e.testenv.Pause.sleep;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import net.freedommessenger.westchat.e2e.chart.RenderedChart.Grant;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;

/**
 * The packaged operator (operator/target/quarkus-app, what the image holds) run as a process of
 * its own, the way the chart's Deployment runs it: the same java arguments as the image's
 * entrypoint, the container's environment from the rendered chart, and the token of the chart's
 * ServiceAccount, so it can do exactly what the chart's RBAC grants. Its HTTP server (health and
 * metrics) listens on a free port of 127.0.0.1. kwok runs no containers, so the chart's own pod
 * stays an empty shell and this process is the operator.
 */
public final class OperatorProcess implements OperatorUnderTest {

  /** How the API server words a refusal: "... cannot patch resource "deployments" in API group "apps" ...". */
  private static final Pattern DENIAL = Pattern.compile("cannot (\\w+) resource \"([^\"]+)\" in API group \"([^\"]*)\"");
  /** A refused watch has no words, only its URL: "Received 403 on websocket. Failure executing: GET at: https://...". */
  private static final Pattern REFUSED_WATCH = Pattern.compile("Received 403 on websocket\\. Failure executing: GET at: https?://[^/\\s]+(/[^?\\s]*)\\?(\\S*)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** C1 only, the serial collector, the heap the chart's memory limit allows: a quicker start on a busy machine. */
  public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m");
  /**
   * What the JVM picks in the chart's container: the serial collector (under 2 CPUs or 1792 MiB the
   * JVM's ergonomics pick it) and 75% of the 512 MiB memory limit as heap (the chart's
   * -XX:MaxRAMPercentage=75), with both JIT compilers.
   */
  public static final List<String> AS_IN_THE_CHARTS_CONTAINER = List.of("-XX:+UseSerialGC", "-Xmx384m");

  private final ClusterProcess process;
  private final int httpPort;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorProcess(ClusterProcess process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /** The built operator; a clear failure when the operator module has not been packaged. */
  public static Path quarkusRunJar() {
    Path jar = ApiServer.repoRoot().resolve("operator/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the operator first, for example with "
          + "./mvnw -B -pl e2e-tests -am verify (its package phase builds operator/target/quarkus-app)");
    }
    return jar;
  }

  /**
   * Starts the operator with the ServiceAccount and environment of the rendered chart's Deployment;
   * the chart's objects must be applied (or installed) already.
   */
  public static OperatorProcess start(LocalCluster cluster, RenderedChart chart, String name) {
    // quicker start on a busy machine; JDK_JAVA_OPTIONS from the chart still applies
    return start(cluster, chart, name, QUICK_START);
  }

  /**
   * The same with these JVM options instead of {@link #QUICK_START}, for example those the JVM
   * would pick in the chart's container ({@link #AS_IN_THE_CHARTS_CONTAINER}).
   */
  public static OperatorProcess start(LocalCluster cluster, RenderedChart chart, String name, List<String> jvmOptions) {
    Deployment deployment = chart.deployment();
    String namespace = deployment.getMetadata().getNamespace();
    String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    Path kubeconfig = cluster.kubeconfigFor(namespace, serviceAccount);
    int port = LoopbackPorts.take();

    Map<String, String> environment = new LinkedHashMap<>(chart.operatorEnvironment());
    environment.put("KUBECONFIG", kubeconfig.toString());
    environment.put("QUARKUS_HTTP_HOST", LoopbackPorts.HOST);
    environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // the image's entrypoint (operator/src/main/docker/Dockerfile.jvm)
    command.addAll(List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar",
        quarkusRunJar().toString()));
    ClusterProcess process = ClusterProcess.start(name, command, cluster.directory().resolve("logs"), environment);
    return new OperatorProcess(process, port);
  }

  /** Waits until the operator has started its informers and answers /q/health/started; fails if it exits. */
  public OperatorProcess awaitStarted() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      process.requireAlive();
      if (get("/q/health/started").statusCode() == 200) {
        return this;
      }
      sleep(250);
    }
    throw new IllegalStateException("the operator did not start within " + START_TIMEOUT + "; log " + process.log()
        + ":\n" + process.tail(60));
  }

  /** The operator's process id (for /proc/PID/status). */
  public long pid() {
    return process.pid();
  }

  /** The user the API server sees: the chart's ServiceAccount, system:serviceaccount:NAMESPACE:NAME. */
  public static String userOf(RenderedChart chart) {
    Deployment deployment = chart.deployment();
    return "system:serviceaccount:" + deployment.getMetadata().getNamespace() + ":"
        + deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return process.log();
  }

  @Override
  public String logTail(int lines) {
    return process.tail(lines);
  }

  @Override
  public Set<Grant> denials() {
    return denialsIn(readLog());
  }

  /** Every request the API server refused for lack of RBAC, as an operator's log tells them, in order. */
  static Set<Grant> denialsIn(String log) {
    Set<Grant> denials = new LinkedHashSet<>();
    Matcher matcher = DENIAL.matcher(log);
    while (matcher.find()) {
      denials.add(new Grant(matcher.group(3), matcher.group(2), matcher.group(1)));
    }
    Matcher watch = REFUSED_WATCH.matcher(log);
    while (watch.find()) {
      if (watch.group(2).contains("watch=true")) {
        denials.add(watched(watch.group(1)));
      }
    }
    return denials;
  }

  /** The resource a watch URL path names: /api/v1/[namespaces/NS/]RESOURCE or /apis/GROUP/VERSION/[namespaces/NS/]RESOURCE. */
  static Grant watched(String path) {
    List<String> segments = List.of(path.replaceFirst("^/", "").split("/"));
    String group = segments.get(0).equals("api") ? "" : segments.get(1);
    List<String> rest = segments.subList(segments.get(0).equals("api") ? 2 : 3, segments.size());
    String resource = rest.size() >= 3 && rest.get(0).equals("namespaces") ? rest.get(2) : rest.get(0);
    return new Grant(group, resource, "watch");
  }

  /** The log's lines that mention the API server refusing a request, for a report. */
  public List<String> refusalLines(int max) {
    return readLog().lines().filter(l -> l.contains("403") || l.contains("orbidden")).limit(max).toList();
  }

  /** GET on the operator's HTTP server; status 0 when nothing answers yet. */
  @Override
  public Response get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://" + LoopbackPorts.HOST + ":" + httpPort + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Response(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String readLog() {
    try {
      return Files.readString(process.log(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the operator by its own process handle. */
  @Override
  public void close() {
    process.stop(15_000);
  }
}
