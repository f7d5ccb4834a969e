package net.freedommessenger.westchat.e2e.cluster;

import static net.freedommessenger.westchat.e2e.testenv.Pause.sleep;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import net.freedommessenger.westchat.e2e.chart.RenderedChart.Grant;

/**
 * The operator as the chart's own Deployment runs it on a cluster whose pods run containers: its
 * log is read through the API server, its HTTP port reached through a port-forward. It holds the
 * token of the chart's ServiceAccount, mounted by the kubelet, and nothing more.
 */
final class OperatorPod implements OperatorUnderTest {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final KubernetesClient admin;
  private final String namespace;
  private final Map<String, String> selector;
  private final int httpPort;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorPod(KubernetesClient admin, String namespace, Map<String, String> selector, int httpPort) {
    this.admin = admin;
    this.namespace = namespace;
    this.selector = selector;
    this.httpPort = httpPort;
  }

  /** The pod of the rendered chart's Deployment, once it answers /q/health/started. */
  static OperatorPod of(KubernetesClient admin, RenderedChart installed) {
    Deployment deployment = installed.deployment();
    int port = installed.operatorContainer().getPorts().stream().filter(p -> "http".equals(p.getName()))
        .map(ContainerPort::getContainerPort).findFirst()
        .orElseThrow(() -> new IllegalStateException("the chart's container has no port named http"));
    OperatorPod pod = new OperatorPod(admin, deployment.getMetadata().getNamespace(),
        deployment.getSpec().getSelector().getMatchLabels(), port);
    return pod.awaitStarted();
  }

  private OperatorPod awaitStarted() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Response last = new Response(0, "no pod yet");
    while (System.nanoTime() < deadline) {
      last = get("/q/health/started");
      if (last.statusCode() == 200) {
        return this;
      }
      sleep(1000);
    }
    throw new IllegalStateException("the operator pod did not start within " + START_TIMEOUT + " (" + last + "); its log ends:\n"
        + logTail(60));
  }

  @Override
  public Set<Grant> denials() {
    return OperatorProcess.denialsIn(log());
  }

  /** Through a port-forward to the newest pod, opened for this request only. */
  @Override
  public Response get(String path) {
    Pod pod = newestPod();
    if (pod == null) {
      return new Response(0, "no operator pod in " + namespace);
    }
    try (LocalPortForward forward = admin.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
        .portForward(httpPort)) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + forward.getLocalPort() + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException | RuntimeException e) {
      return new Response(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String logTail(int lines) {
    List<String> all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** The log of every pod of the Deployment, oldest pod first. */
  private String log() {
    StringBuilder out = new StringBuilder();
    for (Pod pod : pods()) {
      try {
        out.append(admin.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).getLog());
      } catch (RuntimeException e) {
        out.append("(no log of ").append(pod.getMetadata().getName()).append(": ").append(e.getMessage()).append(")\n");
      }
    }
    return out.toString();
  }

  private List<Pod> pods() {
    return admin.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp())).toList();
  }

  private Pod newestPod() {
    List<Pod> pods = pods();
    return pods.isEmpty() ? null : pods.get(pods.size() - 1);
  }

  /** helm uninstall removes the pod. */
  @Override
  public void close() {
    // nothing of this machine to stop
  }
}
