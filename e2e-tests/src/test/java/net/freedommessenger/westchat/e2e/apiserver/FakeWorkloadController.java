package net.freedommessenger.westchat.e2e.apiserver;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Stands in for the controllers the API-server tier does not run: marks a workload as rolled out
 * once the test has the real server behind it running on loopback.
 */
public final class FakeWorkloadController {

  private FakeWorkloadController() {}

  public static void markDeploymentAvailable(KubernetesClient client, String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
        .withUpdatedReplicas(1).withObservedGeneration(deployment.getMetadata().getGeneration()).build());
    client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
  }

  public static void markStatefulSetReady(KubernetesClient client, String namespace, String name) {
    StatefulSet statefulSet = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    statefulSet.setStatus(new StatefulSetStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
        .withCurrentReplicas(1).withUpdatedReplicas(1).withObservedGeneration(statefulSet.getMetadata().getGeneration()).build());
    client.apps().statefulSets().inNamespace(namespace).resource(statefulSet).updateStatus();
  }
}
