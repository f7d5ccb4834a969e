package net.freedommessenger.westchat.e2e.apiserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The CRDs from crds/, applied to a test's API server and waited for until established. */
public final class ProjectCrds {

  private ProjectCrds() {}

  public static void apply(KubernetesClient client) {
    try (Stream<Path> files = Files.list(ApiServer.repoRoot().resolve("crds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
          // forced: in a test cluster crds/ is the truth, also over a copy helm install put there
          client.resource(crd).forceConflicts().serverSideApply();
          awaitEstablished(client, crd.getMetadata().getName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the API server serves the CRD's kind (its status may have no conditions at first). */
  public static void awaitEstablished(KubernetesClient client, String crdName) {
    client.apiextensions().v1().customResourceDefinitions().withName(crdName)
        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
            .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
            60, TimeUnit.SECONDS);
  }
}
