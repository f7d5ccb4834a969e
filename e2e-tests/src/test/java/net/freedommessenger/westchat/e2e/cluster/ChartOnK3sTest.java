package net.freedommessenger.westchat.e2e.cluster;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart scenarios on k3s in Docker, where pods really run: the chart's Deployment runs the
 * operator image built from Dockerfile.jvm (with the chart's ServiceAccount token, mounted by the
 * kubelet), and the samples' servers pull their public images. {@link K3sCluster} lists the
 * images; -Dwestchat.k3s.biboumiImage names another Biboumi image than the default. Skipped, with a
 * message, where no Docker engine answers ({@link K3sClusterExtension}).
 */
@ExtendWith(K3sClusterExtension.class)
class ChartOnK3sTest extends ChartScenarios {}
