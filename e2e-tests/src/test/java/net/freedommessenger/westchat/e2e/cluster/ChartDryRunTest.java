package net.freedommessenger.westchat.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.freedommessenger.westchat.e2e.apiserver.ProjectCrds;
import net.freedommessenger.westchat.e2e.chart.Helm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What helm template renders is accepted by the API server as it is (server-side apply, dry run,
 * strict field validation), in namespaces that enforce and warn on the restricted Pod Security
 * Standard: not one warning, so the operator's pod template meets the standard too.
 */
@ExtendWith(LocalClusterExtension.class)
class ChartDryRunTest {

  static final String RELEASE_NAMESPACE = "dry-run-system";
  static final Map<String, String> RESTRICTED = Map.of(
      "pod-security.kubernetes.io/enforce", "restricted", "pod-security.kubernetes.io/enforce-version", "latest",
      "pod-security.kubernetes.io/warn", "restricted", "pod-security.kubernetes.io/warn-version", "latest");

  static Helm helm;

  @BeforeAll
  static void namespaces(LocalCluster cluster) throws IOException {
    helm = Helm.create();
    for (String namespace : new String[] {RELEASE_NAMESPACE, "dry-run-team-a", "dry-run-team-b"}) {
      cluster.createNamespace(namespace, RESTRICTED);
    }
    // the chart's ServiceMonitor needs the kind to exist: a stand-in CRD with the fields it sets
    try (InputStream in = ChartDryRunTest.class.getResourceAsStream("/chart/servicemonitor-crd-stand-in.yaml")) {
      CustomResourceDefinition crd = cluster.client().apiextensions().v1().customResourceDefinitions().load(in).item();
      cluster.client().resource(crd).serverSideApply();
      ProjectCrds.awaitEstablished(cluster.client(), crd.getMetadata().getName());
    }
  }

  @AfterAll
  static void close() {
    helm.close();
  }

  @Test
  void theChartsCrdsAreAccepted(LocalCluster cluster) {
    // another test may have installed the CRD already (with helm as its manager): take over its fields, in the dry run only
    Kubectl.Result result = new Kubectl(cluster.adminKubeconfig()).run("apply", "--server-side", "--dry-run=server",
        "--force-conflicts", "--field-manager=westchat-dry-run", "--validate=strict", "-f", Helm.CHART + "/crds/");
    assertEquals(0, result.exitCode(), result.stderr() + result.stdout());
    assertFalse(result.stderr().contains("Warning"), result.stderr());
  }

  /** The check has teeth: a pod template that breaks the standard draws the warning. */
  @Test
  void aPodTemplateBreakingTheStandardIsWarnedAbout(LocalCluster cluster) throws IOException {
    Kubectl.Result result = dryRun(cluster, "securityContext.allowPrivilegeEscalation=true");
    assertEquals(0, result.exitCode(), result.stderr() + result.stdout());
    assertTrue(result.stderr().contains("would violate PodSecurity \"restricted:latest\""), result.stderr());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "watchNamespaces={dry-run-team-a,dry-run-team-b}", "metrics.serviceMonitor.enabled=true",
      "rbac.create=false,serviceAccount.create=false,serviceAccount.name=default"})
  void renderedManifestsAreAcceptedWithoutAWarning(String sets, LocalCluster cluster) throws IOException {
    Kubectl.Result result = dryRun(cluster, sets.isEmpty() ? new String[0] : new String[] {sets});
    assertEquals(0, result.exitCode(), result.stderr() + result.stdout());
    assertFalse(result.stderr().contains("Warning"), result.stderr());
    assertTrue(result.stdout().contains("deployment.apps/dry-run-westchat-operator serverside-applied (server dry run)"),
        result.stdout());
  }

  private static Kubectl.Result dryRun(LocalCluster cluster, String... sets) throws IOException {
    String manifests = helm.template("dry-run", RELEASE_NAMESPACE, sets);
    Path file = Files.createTempFile("westchat-chart-", ".yaml");
    try {
      Files.writeString(file, manifests);
      return new Kubectl(cluster.adminKubeconfig()).run("apply", "--server-side", "--dry-run=server",
          "--field-manager=westchat-dry-run", "--validate=strict", "-f", file.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
