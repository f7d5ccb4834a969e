package net.freedommessenger.westchat.e2e.apiserver;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * A real kube-apiserver with etcd (fabric8 kube-api-test on the installed binaries, offline),
 * with the project's CRDs from crds/ applied and established.
 */
public final class ApiServer implements AutoCloseable {

  private final KubeAPIServer server;
  private final KubernetesClient client;

  private ApiServer(KubeAPIServer server) {
    this.server = server;
    this.client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
        .build();
  }

  public static ApiServer start() {
    KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(TestEnvironment.kubeApiTestDirectory().toString())
        .withApiServerVersion(TestEnvironment.KUBERNETES_VERSION)
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .withApiServerFlag("--bind-address", "127.0.0.1")
        .withStartupTimeout(120_000)
        .build());
    server.start();
    ApiServer apiServer = new ApiServer(server);
    try {
      apiServer.applyCrds();
    } catch (RuntimeException e) {
      apiServer.close();
      throw e;
    }
    return apiServer;
  }

  public KubernetesClient client() {
    return client;
  }

  /** What a kubectl user of this server has in ~/.kube/config, for tests of the CLI's own config discovery. */
  public String kubeConfigYaml() {
    return server.getKubeConfigYaml();
  }

  /** A client of its own, for an operator that closes its client when it stops. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
  }

  private void applyCrds() {
    ProjectCrds.apply(client);
  }

  public static Path repoRoot() {
    String configured = System.getProperty("westchat.repo.root");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("crds")) && Files.exists(dir.resolve("operator/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root from " + start);
  }

  @Override
  public void close() {
    client.close();
    server.stop();
  }
}
