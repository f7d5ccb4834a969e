package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;

/**
 * A cluster the chart scenarios ({@link ChartScenarios}) run on: the local cluster, whose fake
 * node runs no container ({@link LocalCluster}), or k3s in Docker, whose pods really run
 * ({@link K3sCluster}). What differs between them is said here; the scenarios are the same.
 */
public interface ClusterUnderTest {

  /** For messages: which cluster this is. */
  String describe();

  /** The admin client; closed with the cluster. */
  KubernetesClient client();

  /** A kubeconfig file for the cluster's admin, for helm and kubectl. */
  Path adminKubeconfig();

  /** Creates a namespace with the labels and waits for its default ServiceAccount. */
  Namespace createNamespace(String name, Map<String, String> labels);

  /** Whether pods run containers, so that the operator reaches the servers it deployed. */
  boolean runsContainers();

  /**
   * The operator that serves the chart helm installed, started when it needs starting, with the
   * chart's ServiceAccount token only; returns once its informers run.
   */
  OperatorUnderTest operatorOf(RenderedChart installed);

  /** The file of samples/ as this cluster can run it: the file itself, or a copy with what it lacks. */
  Path runnable(Path sample);

  /**
   * Gives a community's pods what they wait for that neither the operator nor the sample makes
   * (the TLS Secrets cert-manager or the admin would provide); nothing where pods run no container.
   */
  void supplyWhatPodsWaitFor(String namespace, List<HasMetadata> expected);

  /**
   * Called when a scenario is done with a community. Where pods run, it is deleted (its Secrets and
   * claims stay, as under Retain) and its pods awaited gone, so the next scenario has the node's
   * CPU: the node has two cores and every community requests over half of one.
   */
  default void release(String namespace, String name) {
    // pods that run no container cost nothing
  }
}
