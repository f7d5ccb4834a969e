package net.freedommessenger.westchat.e2e.cluster;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart scenarios on the local cluster: pods are admitted and scheduled but run no container,
 * and the operator is the packaged one run as a process of this machine with the chart's
 * ServiceAccount token and environment (see {@link OperatorProcess}).
 */
@ExtendWith(LocalClusterExtension.class)
class ChartOnTheClusterTest extends ChartScenarios {}
