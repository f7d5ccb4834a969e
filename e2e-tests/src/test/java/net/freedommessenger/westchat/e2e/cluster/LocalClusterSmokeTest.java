package net.freedommessenger.westchat.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster tier itself: workloads roll out on kwok's fake node, owner references are
 * garbage-collected, PodSecurity admission enforces {@code restricted}, and a ServiceAccount's
 * kubeconfig can do what its Role grants and nothing more.
 */
@ExtendWith(LocalClusterExtension.class)
class LocalClusterSmokeTest {

  static final Duration ROLLOUT = Duration.ofSeconds(90);
  static final Map<String, String> APP = Map.of("app", "smoke");

  /** A pod that meets the restricted Pod Security Standard; kwok never runs its image. */
  static PodSpec restrictedPodSpec() {
    return new PodSpecBuilder()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(10001L)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("app")
        .withImage("westchat/smoke:1")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .endContainer()
        .build();
  }

  static PodTemplateSpec template() {
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(APP).endMetadata()
        .withSpec(restrictedPodSpec()).build();
  }

  static Deployment deployment(String name) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector().withMatchLabels(APP).endSelector()
        .withTemplate(template())
        .endSpec()
        .build();
  }

  @Test
  void aDeploymentRollsOutOnTheFakeNode(LocalCluster cluster, KubernetesClient client) {
    String ns = cluster.createNamespace("smoke-deployment", Map.of()).getMetadata().getName();
    client.resource(deployment("web")).inNamespace(ns).create();

    await().atMost(ROLLOUT).untilAsserted(() -> {
      Deployment deployment = client.apps().deployments().inNamespace(ns).withName("web").get();
      assertEquals(1, deployment.getStatus().getReadyReplicas(), "ready replicas");
    });
    Pod pod = client.pods().inNamespace(ns).withLabels(APP).list().getItems().get(0);
    assertEquals(LocalCluster.FAKE_NODE, pod.getSpec().getNodeName(), "scheduled on kwok's node");
    assertEquals("Running", pod.getStatus().getPhase());
    assertTrue(pod.getStatus().getPodIP().startsWith("10.244."), pod.getStatus().getPodIP());
  }

  @Test
  void aStatefulSetRollsOut(LocalCluster cluster, KubernetesClient client) {
    String ns = cluster.createNamespace("smoke-statefulset", Map.of()).getMetadata().getName();
    client.resource(new StatefulSetBuilder()
        .withNewMetadata().withName("db").endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withServiceName("db")
        .withNewSelector().withMatchLabels(APP).endSelector()
        .withTemplate(template())
        .endSpec()
        .build()).inNamespace(ns).create();

    await().atMost(ROLLOUT).untilAsserted(() -> {
      StatefulSet set = client.apps().statefulSets().inNamespace(ns).withName("db").get();
      assertEquals(1, set.getStatus().getReadyReplicas(), "ready replicas");
    });
    assertNotNull(client.pods().inNamespace(ns).withName("db-0").get(), "the StatefulSet's pod db-0");
  }

  @Test
  void aStatefulSetWithAVolumeClaimGetsABoundVolume(LocalCluster cluster, KubernetesClient client) {
    assertTrue(cluster.bindsVolumes(), "the kwok stages file has no volume stages: run e2e-tests/testenv/install.sh kwok");
    String ns = cluster.createNamespace("smoke-volume", Map.of()).getMetadata().getName();
    client.resource(new StatefulSetBuilder()
        .withNewMetadata().withName("store").endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withServiceName("store")
        .withNewSelector().withMatchLabels(APP).endSelector()
        .withTemplate(template())
        .addNewVolumeClaimTemplate()
        .withNewMetadata().withName("data").endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build()).inNamespace(ns).create();

    await().atMost(ROLLOUT).untilAsserted(() -> {
      StatefulSet set = client.apps().statefulSets().inNamespace(ns).withName("store").get();
      assertEquals(1, set.getStatus().getReadyReplicas(), "ready replicas");
    });
    PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(ns).withName("data-store-0").get();
    assertEquals("Bound", claim.getStatus().getPhase());
    assertEquals(LocalCluster.STORAGE_CLASS, claim.getSpec().getStorageClassName(), "the default StorageClass");
  }

  @Test
  void deletingAnOwnerGarbageCollectsItsDependents(LocalCluster cluster, KubernetesClient client) {
    String ns = cluster.createNamespace("smoke-gc", Map.of()).getMetadata().getName();

    ConfigMap owner = client.resource(new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata()
        .addToData("role", "owner").build()).inNamespace(ns).create();
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("dependent")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
            .withName("owner").withUid(owner.getMetadata().getUid()).build())
        .endMetadata().addToData("role", "dependent").build()).inNamespace(ns).create();

    client.resource(deployment("web")).inNamespace(ns).create();
    await().atMost(ROLLOUT).untilAsserted(() -> {
      assertEquals(1, client.apps().replicaSets().inNamespace(ns).list().getItems().size(), "replica sets");
      assertEquals(1, client.pods().inNamespace(ns).withLabels(APP).list().getItems().size(), "pods");
    });

    client.configMaps().inNamespace(ns).withName("owner").delete();
    client.apps().deployments().inNamespace(ns).withName("web").delete();

    await().atMost(ROLLOUT).untilAsserted(() -> {
      assertEquals(null, client.configMaps().inNamespace(ns).withName("dependent").get(), "dependent ConfigMap");
      assertEquals(List.of(), client.apps().replicaSets().inNamespace(ns).list().getItems(), "replica sets");
      assertEquals(List.of(), client.pods().inNamespace(ns).withLabels(APP).list().getItems(), "pods");
    });
  }

  @Test
  void restrictedPodSecurityRefusesAPrivilegedPodAndAdmitsACompliantOne(LocalCluster cluster, KubernetesClient client) {
    String ns = cluster.createNamespace("smoke-restricted",
        Map.of("pod-security.kubernetes.io/enforce", "restricted")).getMetadata().getName();

    Pod privileged = new PodBuilder()
        .withNewMetadata().withName("privileged").endMetadata()
        .withNewSpec()
        .addNewContainer().withName("app").withImage("westchat/smoke:1")
        .withNewSecurityContext().withPrivileged(true).endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
    KubernetesClientException refused = assertThrows(KubernetesClientException.class,
        () -> client.resource(privileged).inNamespace(ns).create());
    assertEquals(403, refused.getCode(), refused.getMessage());
    assertTrue(refused.getMessage().contains("violates PodSecurity \"restricted:latest\""), refused.getMessage());
    assertTrue(refused.getMessage().contains("privileged"), refused.getMessage());

    Pod compliant = new PodBuilder().withNewMetadata().withName("compliant").endMetadata()
        .withSpec(restrictedPodSpec()).build();
    client.resource(compliant).inNamespace(ns).create();
    await().atMost(ROLLOUT).untilAsserted(() -> {
      Pod pod = client.pods().inNamespace(ns).withName("compliant").get();
      assertTrue(pod.getStatus().getConditions().stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())), "compliant pod Ready");
    });
  }

  @Test
  void aServiceAccountKubeconfigCanDoWhatItsRoleGrantsAndNothingElse(LocalCluster cluster, KubernetesClient admin) {
    String ns = cluster.createNamespace("smoke-rbac", Map.of()).getMetadata().getName();
    String other = cluster.createNamespace("smoke-rbac-other", Map.of()).getMetadata().getName();
    admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .inNamespace(ns).create();
    admin.resource(new RoleBuilder().withNewMetadata().withName("configmap-reader").endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list", "watch").endRule()
        .build()).inNamespace(ns).create();
    admin.resource(new RoleBindingBuilder().withNewMetadata().withName("reader").endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("configmap-reader").endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(ns).endSubject()
        .build()).inNamespace(ns).create();
    admin.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
        .addToData("greeting", "hello").build()).inNamespace(ns).create();

    try (KubernetesClient reader = cluster.clientFor(ns, "reader")) {
      assertEquals(ns, reader.getNamespace(), "the kubeconfig's namespace");
      assertEquals("hello", reader.configMaps().inNamespace(ns).withName("settings").get().getData().get("greeting"));
      assertFalse(reader.configMaps().inNamespace(ns).list().getItems().isEmpty());

      ConfigMap extra = new ConfigMapBuilder().withNewMetadata().withName("extra").endMetadata().build();
      assertForbidden(() -> reader.resource(extra).inNamespace(ns).create(), "create a ConfigMap");
      assertForbidden(() -> reader.secrets().inNamespace(ns).list(), "list Secrets");
      assertForbidden(() -> reader.configMaps().inNamespace(other).list(), "list ConfigMaps in another namespace");
      assertForbidden(() -> reader.namespaces().list(), "list namespaces");
    }
  }

  static void assertForbidden(Runnable call, String what) {
    KubernetesClientException denied = assertThrows(KubernetesClientException.class, call::run, what);
    assertEquals(403, denied.getCode(), what + ": " + denied.getMessage());
  }
}
