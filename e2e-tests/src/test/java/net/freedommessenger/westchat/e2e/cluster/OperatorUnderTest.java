package net.freedommessenger.westchat.e2e.cluster;

import java.util.Set;
import net.freedommessenger.westchat.e2e.chart.RenderedChart.Grant;

/**
 * The operator the chart installed, as the cluster tier's scenarios see it: what the API server
 * refused it, its HTTP endpoints (health, metrics) and its log. On the local cluster it is a
 * process of the test machine ({@link OperatorProcess}); on k3s it is the chart's own pod
 * ({@link OperatorPod}). Either way it holds the chart's ServiceAccount token and nothing more.
 */
public interface OperatorUnderTest extends AutoCloseable {

  record Response(int statusCode, String body) {}

  /** Every request the API server refused for lack of RBAC, as the operator logged them, in order. */
  Set<Grant> denials();

  /** GET on the operator's HTTP server; status 0 when nothing answers. */
  Response get(String path);

  /** The end of the operator's log, for a failure message. */
  String logTail(int lines);

  @Override
  void close();
}
