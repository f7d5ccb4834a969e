package net.freedommessenger.westchat.e2e.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.model.networkpolicy.OperatorPods;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart without a cluster: helm lint is clean, the values do what values.yaml says, and the
 * default image is the one the documented build tags. The cluster tier installs it for real.
 */
class ChartTest {

  static final String NAMESPACES_VARIABLE = "QUARKUS_OPERATOR_SDK_CONTROLLERS_WESTCHATCOMMUNITY_NAMESPACES";
  static Helm helm;

  @BeforeAll
  static void helm() {
    helm = Helm.create();
  }

  @AfterAll
  static void close() {
    helm.close();
  }

  static RenderedChart render(String... sets) {
    return RenderedChart.parse(helm.template("westchat-operator", "westchat-system", sets));
  }

  @Test
  void lintIsCleanWithDefaultAndOtherValues() {
    for (String[] sets : List.of(new String[0], new String[] {"watchNamespaces={team-a,team-b}"},
        new String[] {"metrics.serviceMonitor.enabled=true", "logLevel=DEBUG"})) {
      Helm.Result lint = helm.lint(sets);
      assertEquals(0, lint.exitCode(), lint.output());
      assertTrue(lint.output().contains("1 chart(s) linted, 0 chart(s) failed"), lint.output());
      assertFalse(lint.output().contains("[WARNING]"), lint.output());
      assertFalse(lint.output().contains("[ERROR]"), lint.output());
    }
  }

  @Test
  void defaultsWatchEveryNamespaceWithOneClusterRole() {
    RenderedChart chart = render();
    assertEquals(List.of("ServiceAccount", "ClusterRole", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding",
        "Service", "Deployment"), chart.kinds());
    assertEquals(List.of(), chart.ofType(Role.class));
    ClusterRoleBinding binding = chart.ofType(ClusterRoleBinding.class).get(0);
    assertEquals("westchat-operator", binding.getSubjects().get(0).getName());
    assertEquals("westchat-system", binding.getSubjects().get(0).getNamespace());
    assertFalse(chart.operatorEnvironment().containsKey(NAMESPACES_VARIABLE), chart.operatorEnvironment().toString());
  }

  @Test
  void watchNamespacesGivesARoleInEachAndTellsTheOperator() {
    RenderedChart chart = render("watchNamespaces={team-a,team-b}");
    assertEquals(List.of("team-a", "team-b"), chart.ofType(Role.class).stream().map(r -> r.getMetadata().getNamespace()).toList());
    assertEquals(List.of("team-a", "team-b"),
        chart.ofType(RoleBinding.class).stream().map(r -> r.getMetadata().getNamespace()).toList());
    for (RoleBinding binding : chart.ofType(RoleBinding.class)) {
      assertEquals("Role", binding.getRoleRef().getKind());
      assertEquals("westchat-system", binding.getSubjects().get(0).getNamespace());
    }
    // only the CRD reader stays cluster-wide
    assertEquals(List.of("westchat-operator-crd"),
        chart.ofType(ClusterRole.class).stream().map(r -> r.getMetadata().getName()).toList());
    assertEquals("team-a,team-b", chart.operatorEnvironment().get(NAMESPACES_VARIABLE));
  }

  @Test
  void theOperatorPodMeetsTheRestrictedStandardAndProbesItsHealthEndpoints() {
    RenderedChart chart = render();
    PodSpec pod = chart.deployment().getSpec().getTemplate().getSpec();
    Container operator = chart.operatorContainer();
    assertEquals(true, pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    assertEquals(false, operator.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(true, operator.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), operator.getSecurityContext().getCapabilities().getDrop());
    assertEquals("/q/health/started", operator.getStartupProbe().getHttpGet().getPath());
    assertEquals("/q/health/live", operator.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/q/health/ready", operator.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/tmp", operator.getVolumeMounts().get(0).getMountPath());
    assertEquals("Recreate", chart.deployment().getSpec().getStrategy().getType(), "one operator at a time");
    assertEquals("westchat-operator", pod.getServiceAccountName());
  }

  /** The communities' NetworkPolicies find the operator's pod by its namespace, which it is told, and this label. */
  @Test
  void theOperatorPodCarriesWhatTheNetworkPoliciesSelect() {
    RenderedChart chart = render("podLabels.team=chat");
    Map<String, String> labels = chart.deployment().getSpec().getTemplate().getMetadata().getLabels();
    assertEquals(OperatorPods.LABEL_VALUE, labels.get(OperatorPods.LABEL));
    assertEquals("chat", labels.get("team"));
    assertFalse(chart.deployment().getSpec().getSelector().getMatchLabels().containsKey(OperatorPods.LABEL),
        "not in the selector, which cannot change on an installed Deployment");
    var variable = chart.operatorContainer().getEnv().stream()
        .filter(v -> v.getName().equals(OperatorPods.NAMESPACE_VARIABLE)).findFirst().orElseThrow();
    assertEquals("metadata.namespace", variable.getValueFrom().getFieldRef().getFieldPath());
  }

  @Test
  void valuesReachTheOperator() {
    RenderedChart chart = render("logLevel=DEBUG", "javaOptions=-Xmx300m", "image.tag=test",
        "extraEnv[0].name=QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS", "extraEnv[0].value=2",
        "resources.limits.memory=1Gi");
    Map<String, String> environment = chart.operatorEnvironment();
    assertEquals("DEBUG", environment.get("QUARKUS_LOG_LEVEL"));
    assertEquals("-Xmx300m", environment.get("JDK_JAVA_OPTIONS"));
    assertEquals("2", environment.get("QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS"));
    assertEquals("docker.io/freedommessenger/westchat-operator:test", chart.operatorContainer().getImage());
    assertEquals("1Gi", chart.operatorContainer().getResources().getLimits().get("memory").toString());
  }

  @Test
  void aServiceMonitorOnlyWhenAskedAndItScrapesTheMetricsService() {
    assertEquals(List.of(), render().ofType(GenericKubernetesResource.class));
    assertEquals(List.of(), render("metrics.enabled=false").ofType(Service.class));

    RenderedChart chart = render("metrics.serviceMonitor.enabled=true", "metrics.serviceMonitor.labels.release=prometheus");
    GenericKubernetesResource monitor = chart.ofType(GenericKubernetesResource.class).get(0);
    Service service = chart.ofType(Service.class).get(0);
    assertEquals("ServiceMonitor", monitor.getKind());
    assertEquals("prometheus", monitor.getMetadata().getLabels().get("release"));
    Map<String, Object> endpoint = ((List<Map<String, Object>>) monitor.get("spec", "endpoints")).get(0);
    assertEquals(service.getSpec().getPorts().get(0).getName(), endpoint.get("port"));
    assertEquals("/q/metrics", endpoint.get("path"));
    assertEquals(service.getSpec().getSelector(), monitor.get("spec", "selector", "matchLabels"));

    Helm.Result refused = helm.tryTemplate("westchat-operator", "westchat-system", "metrics.enabled=false",
        "metrics.serviceMonitor.enabled=true");
    assertNotEquals(0, refused.exitCode(), refused.output());
    assertTrue(refused.output().contains("metrics.serviceMonitor.enabled needs metrics.enabled"), refused.output());
  }

  @Test
  void badValuesAreRefusedByTheSchema() {
    Helm.Result level = helm.lint("logLevel=TRACE");
    assertNotEquals(0, level.exitCode(), level.output());
    assertTrue(level.output().contains("logLevel"), level.output());
    Helm.Result namespace = helm.lint("watchNamespaces={Team_A}");
    assertNotEquals(0, namespace.exitCode(), namespace.output());
    assertTrue(namespace.output().contains("watchNamespaces"), namespace.output());
  }

  /**
   * The chart runs the image the documented build makes: its appVersion is the Maven version, and
   * docs/install.md and the Dockerfile tag exactly repository:appVersion.
   */
  @Test
  void theDefaultImageIsWhatTheDocumentedBuildTags() throws IOException {
    Path chartDir = Helm.chart();
    YAMLMapper yaml = new YAMLMapper();
    JsonNode chartYaml = yaml.readTree(chartDir.resolve("Chart.yaml").toFile());
    JsonNode values = yaml.readTree(chartDir.resolve("values.yaml").toFile());
    String version = System.getProperty("westchat.version");
    assertEquals(version, chartYaml.get("appVersion").asText(), "Chart.yaml appVersion follows the Maven version");

    String image = values.at("/image/repository").asText() + ":" + chartYaml.get("appVersion").asText();
    assertEquals(image, render().operatorContainer().getImage());
    String tagging = "-t " + image + " operator";
    Path root = ApiServer.repoRoot();
    for (Path documented : List.of(root.resolve("docs/install.md"), root.resolve("operator/src/main/docker/Dockerfile.jvm"))) {
      String text = Files.readString(documented).replace("\\\n", " ").replaceAll("[ \\t]+", " ");
      assertTrue(text.contains(tagging), documented + " should tag the image as the chart runs it: " + tagging);
    }
  }

  /**
   * The native images are tagged as the chart's image with a suffix, so the chart picks them with
   * image.tag only, and docs/install.md shows the same native build command as the Dockerfiles.
   */
  @Test
  void theNativeImagesAreTheChartsImageWithATagSuffixAndTheirBuildIsDocumented() throws IOException {
    String image = render().operatorContainer().getImage();
    Path root = ApiServer.repoRoot();
    String install = normalized(root.resolve("docs/install.md"));
    String nativeBuild = "-Dquarkus.native.enabled=true -Dquarkus.package.jar.enabled=false -Dquarkus.native.container-build=true";
    for (String variant : List.of("native", "native-micro")) {
      Path dockerfile = root.resolve("operator/src/main/docker/Dockerfile." + variant);
      String tagging = "-t " + image + "-" + variant + " operator";
      assertTrue(normalized(dockerfile).contains(tagging), dockerfile + " should say: " + tagging);
      assertTrue(install.contains(tagging), "docs/install.md should say: " + tagging);
    }
    assertTrue(normalized(root.resolve("operator/src/main/docker/Dockerfile.native")).replace("# ", "").contains(nativeBuild));
    assertTrue(install.contains(nativeBuild), "docs/install.md should show the native build: " + nativeBuild);
  }

  /** A file's text with shell line continuations joined and runs of blanks made one. */
  private static String normalized(Path file) throws IOException {
    return Files.readString(file).replace("\\\n", " ").replaceAll("[ \\t]+", " ");
  }
}
