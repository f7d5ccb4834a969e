package net.freedommessenger.westchat.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.apiserver.ProjectCrds;
import net.freedommessenger.westchat.e2e.chart.Helm;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A settled community costs the API server no write: the packaged operator, with the chart's
 * RBAC for one namespace, makes samples/minimal.yaml and stays quiet; then it is stopped and a
 * new one started (a resync from nothing: empty caches, nothing in memory, every community
 * reconciled at start), and every write request the API server's audit log attributes to the
 * operator's ServiceAccount from that restart until the new operator has reconciled the community
 * and stayed quiet for a while is listed: none is expected. The audit log names the user, so
 * kwok's, the controllers' and this test's writes do not count; the metric
 * apiserver_request_total has no user label.
 *
 * <p>On the fake node Synapse's Deployment is available but nothing answers, so Matrix stays
 * AdminRegistrationFailed and the operator looks again every minute; that retry is part of what
 * "settled" means here, and it must not write either.
 */
@ExtendWith(LocalClusterExtension.class)
class NoOpWritesTest {

  static final String NS = "no-op-writes";
  static final Map<String, String> RESTRICTED = Map.of("pod-security.kubernetes.io/enforce", "restricted",
      "pod-security.kubernetes.io/enforce-version", "latest");
  /** How long the operator must send nothing for the community to count as settled. */
  static final Duration QUIET = Duration.ofSeconds(Long.getLong("westchat.noop.quietSeconds", 15));
  static final Duration TIMEOUT = Duration.ofSeconds(180);

  @Test
  void theOperatorWritesNothingWhenItResyncsASettledCommunity(LocalCluster cluster) {
    KubernetesClient admin = cluster.client();
    ProjectCrds.apply(admin);
    cluster.createNamespace(NS, RESTRICTED);
    AuditLog audit = cluster.auditLog();
    try (Helm helm = Helm.create()) {
      RenderedChart chart = RenderedChart.parse(helm.template(NS, NS, "watchNamespaces={" + NS + "}"));
      List<HasMetadata> rbac = chart.objects().stream().filter(o -> o instanceof ServiceAccount || o instanceof Role
          || o instanceof RoleBinding || o instanceof ClusterRole || o instanceof ClusterRoleBinding).toList();
      rbac.forEach(o -> admin.resource(o).create());
      String user = OperatorProcess.userOf(chart);
      try {
        Instant started = Instant.now();
        try (OperatorProcess operator = OperatorProcess.start(cluster, chart, "operator-" + NS).awaitStarted()) {
          WestchatCommunity community = CommunityObjectsOnTheCluster.sample("minimal.yaml", NS);
          admin.resource(community).create();
          String name = community.getMetadata().getName();
          List<HasMetadata> expected = CommunityObjectsOnTheCluster.expected(admin, NS, name);
          await("every object of the community and a Matrix condition", operator, () ->
              CommunityObjectsOnTheCluster.missing(admin, expected).isEmpty()
                  && CommunityObjectsOnTheCluster.condition(admin, NS, name, "Matrix").isPresent());
          awaitQuiet(audit, user, operator);
          System.out.println("no-op writes: settled after " + AuditLog.countByVerbAndKind(audit.writesBy(user, started))
              + "; the status says:\n" + conditions(admin, name));
        }

        // the resync: a new process, nothing in memory
        Instant restart = Instant.now();
        try (OperatorProcess operator = OperatorProcess.start(cluster, chart, "operator-" + NS + "-resync").awaitStarted()) {
          await("the new operator's first reconcile of " + NS, operator,
              () -> OperatorMetrics.of(operator).reconcilesEnded(NS) >= 1);
          awaitQuiet(audit, user, operator);
          List<AuditLog.Write> writes = audit.writesBy(user, restart);
          System.out.printf("no-op writes: %d write requests by %s from the restart (%s) to %s: %s%n", writes.size(), user,
              restart, Instant.now(), AuditLog.countByVerbAndKind(writes));
          assertEquals(List.of(), writes.stream().map(w -> w + eventText(admin, w)).toList(),
              "the operator wrote on a resync of a settled community (" + AuditLog.countByVerbAndKind(writes)
                  + "); audit log " + audit.file() + "; operator log " + operator.log() + " ends:\n" + operator.logTail(30));
        }
      } finally {
        admin.namespaces().withName(NS).delete();
        rbac.stream().filter(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding)
            .forEach(o -> admin.resource(o).delete());
      }
    }
  }

  /** Waits until the user has sent no write for {@link #QUIET}. */
  private static void awaitQuiet(AuditLog audit, String user, OperatorProcess operator) {
    await("no write by " + user + " for " + QUIET.toSeconds() + " s", operator, () -> {
      Instant since = Instant.now().minus(QUIET);
      return audit.writesBy(user, since).isEmpty() && operatorRanLongerThan(since, operator);
    });
  }

  private static boolean operatorRanLongerThan(Instant since, OperatorProcess operator) {
    return ProcessHandle.of(operator.pid()).flatMap(p -> p.info().startInstant()).map(s -> s.isBefore(since)).orElse(false);
  }

  private static void await(String what, OperatorProcess operator, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      if (!operator.isAlive()) {
        throw new IllegalStateException("the operator exited while waiting for " + what + "; its log ends:\n"
            + operator.logTail(40));
      }
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // an object not there yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what
            + "; the operator's log ends:\n" + operator.logTail(40));
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** What an Event the operator created says (the audit log holds no bodies). */
  private static String eventText(KubernetesClient admin, AuditLog.Write write) {
    if (!write.resource().equals("events") || write.name().isEmpty()) {
      return "";
    }
    Event event = admin.v1().events().inNamespace(write.namespace()).withName(write.name()).get();
    return event == null ? "" : ": " + event.getType() + " " + event.getReason() + " \"" + event.getMessage() + "\"";
  }

  private static String conditions(KubernetesClient admin, String name) {
    WestchatCommunity stored = admin.resources(WestchatCommunity.class).inNamespace(NS).withName(name).get();
    StringBuilder text = new StringBuilder();
    stored.getStatus().conditions.forEach(c -> text.append("  ").append(c.type).append(' ').append(c.status).append(' ')
        .append(c.reason).append(": ").append(c.message).append('\n'));
    return text.toString();
  }
}
