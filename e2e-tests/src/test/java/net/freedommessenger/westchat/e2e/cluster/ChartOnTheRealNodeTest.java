package net.freedommessenger.westchat.e2e.cluster;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart scenarios on the local cluster with a real node: helm installs the operator, which
 * runs as a pod from its own image on the chart's RBAC, and every sample's pods run real
 * containers in a namespace that enforces restricted, from the images images/build.sh made.
 */
@ExtendWith(RealNodeExtension.class)
class ChartOnTheRealNodeTest extends ChartScenarios {}
