package net.freedommessenger.westchat.e2e.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.chart.Helm;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * k3s in a Docker container (Testcontainers), for the chart scenarios where pods really run: the
 * chart's Deployment runs the operator image built from operator/src/main/docker/Dockerfile.jvm
 * under the reference the chart names by default, and the communities' pods pull the servers'
 * public images.
 *
 * <p>The operator image is built on the Docker engine and handed to k3s through its folder of
 * images to import at start, so nothing is pushed anywhere. What pods need from a registry:
 * rancher/k3s (the cluster itself, {@value #K3S_IMAGE_PROPERTY} names another),
 * eclipse-temurin:17-jre (the operator image's base), and the images the operator deploys:
 * PostgreSQL, Synapse, the project's front door (nginx with Converse.js), Prosody, Biboumi, Ergo and the
 * Matrix-IRC bridge (see spec.images in the CRD for the exact tags). {@value #BIBOUMI_IMAGE_PROPERTY}
 * names another Biboumi image than the project's default (docs/biboumi-image.md).
 */
public final class K3sCluster implements ClusterUnderTest, AutoCloseable {

  public static final String K3S_IMAGE_PROPERTY = "westchat.k3s.image";
  /** The Kubernetes minor of the local cluster's binaries, so both tiers judge the same API. */
  public static final String DEFAULT_K3S_IMAGE = "rancher/k3s:v1.34.2-k3s1";
  public static final String BIBOUMI_IMAGE_PROPERTY = "westchat.k3s.biboumiImage";
  /** k3s imports every image archive in this folder when it starts. */
  static final String IMAGES_TO_IMPORT = "/var/lib/rancher/k3s/agent/images/";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path dir;
  private final String k3sImage;
  private K3sContainer container;
  private Path adminKubeconfig;
  private KubernetesClient client;

  private K3sCluster(Path dir, String k3sImage) {
    this.dir = dir;
    this.k3sImage = k3sImage;
  }

  /**
   * Null when a Docker engine answers, else why these tests cannot run here. Asks the engine once
   * through Testcontainers' own discovery (DOCKER_HOST, ~/.testcontainers.properties, the socket).
   */
  public static String whyNoEngine() {
    try {
      return DockerClientFactory.instance().isDockerAvailable() ? null
          : "no Docker engine answers (Testcontainers found none through DOCKER_HOST, ~/.testcontainers.properties or /var/run/docker.sock)";
    } catch (RuntimeException | LinkageError e) {
      return "no Docker engine answers: " + e;
    }
  }

  /** Builds the operator image, starts k3s with it, and returns when the node is Ready. */
  public static K3sCluster start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("westchat-k3s-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    K3sCluster cluster = new K3sCluster(dir, System.getProperty(K3S_IMAGE_PROPERTY, DEFAULT_K3S_IMAGE));
    try {
      cluster.startAll();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll() {
    long begin = System.nanoTime();
    Path operatorImage = saveOperatorImage();
    container = new K3sContainer(DockerImageName.parse(k3sImage).asCompatibleSubstituteFor("rancher/k3s"))
        .withCopyFileToContainer(MountableFile.forHostPath(operatorImage), IMAGES_TO_IMPORT + "westchat-operator.tar");
    container.start();
    adminKubeconfig = write(dir.resolve("admin.kubeconfig"), container.getKubeConfigYaml());
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(container.getKubeConfigYaml())).build();
    waitFor("a Ready node", () -> client.nodes().list().getItems().stream().anyMatch(n -> n.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))), START_TIMEOUT);
    waitFor("ServiceAccount default/default",
        () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null, START_TIMEOUT);
    System.err.printf(Locale.ROOT, "k3s: %s ready in %.1f s (files in %s)%n", k3sImage,
        (System.nanoTime() - begin) / 1e9, dir);
  }

  /**
   * Builds Dockerfile.jvm on operator/target/quarkus-app under the image reference the chart runs
   * by default (so the chart's default is proven to be what the build makes) and saves it as an
   * archive for k3s to import.
   */
  private Path saveOperatorImage() {
    String image;
    try (Helm helm = Helm.create()) {
      image = RenderedChart.parse(helm.template("westchat-operator", "westchat-system")).operatorContainer().getImage();
    }
    OperatorProcess.quarkusRunJar();
    Path operator = ApiServer.repoRoot().resolve("operator");
    new ImageFromDockerfile(image, false)
        .withFileFromPath("Dockerfile", operator.resolve("src/main/docker/Dockerfile.jvm"))
        .withFileFromPath("target/quarkus-app", operator.resolve("target/quarkus-app"))
        .get();
    int colon = image.lastIndexOf(':');
    Path archive = dir.resolve("westchat-operator.tar");
    try (InputStream saved = DockerClientFactory.lazyClient().saveImageCmd(image.substring(0, colon))
        .withTag(image.substring(colon + 1)).exec()) {
      Files.copy(saved, archive);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return archive;
  }

  @Override
  public String describe() {
    return "k3s (" + k3sImage + ") in Docker";
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  @Override
  public Namespace createNamespace(String name, Map<String, String> labels) {
    Namespace namespace = client.resource(new NamespaceBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata().build()).create();
    waitFor("ServiceAccount " + name + "/default",
        () -> client.serviceAccounts().inNamespace(name).withName("default").get() != null, Duration.ofSeconds(60));
    return namespace;
  }

  @Override
  public boolean runsContainers() {
    return true;
  }

  /** The chart's own pod, which helm install --wait has seen available. */
  @Override
  public OperatorUnderTest operatorOf(RenderedChart installed) {
    return OperatorPod.of(client, installed);
  }

  /** The sample as it is, or a copy with the Biboumi image {@value #BIBOUMI_IMAGE_PROPERTY} names. */
  @Override
  public Path runnable(Path sample) {
    String biboumi = System.getProperty(BIBOUMI_IMAGE_PROPERTY, "");
    if (biboumi.isBlank()) {
      return sample;
    }
    try {
      ObjectNode community = (ObjectNode) YAML.readTree(sample.toFile());
      community.withObject("/spec/images").put("biboumi", biboumi);
      Path copy = dir.resolve("samples").resolve(sample.getFileName());
      Files.createDirectories(copy.getParent());
      YAML.writeValue(copy.toFile(), community);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Self-signed stand-ins for the TLS Secrets cert-manager or the admin would provide. */
  @Override
  public void supplyWhatPodsWaitFor(String namespace, List<HasMetadata> expected) {
    StandInTlsSecrets.supply(client, dir, namespace, expected);
  }

  /** Stops k3s (Testcontainers removes the container) and removes the folder. */
  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (container != null) {
      container.stop();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("k3s: cannot remove " + dir + ": " + e);
    }
  }

  private static void waitFor(String what, BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("k3s: timed out after " + timeout.toSeconds() + " s waiting for " + what
        + (last != null ? " (last error: " + last + ")" : ""));
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
