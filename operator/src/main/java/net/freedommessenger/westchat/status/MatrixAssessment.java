package net.freedommessenger.westchat.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;

/** The Matrix condition, from what the cluster shows of PostgreSQL and Synapse. */
public final class MatrixAssessment {

  private MatrixAssessment() {}

  public static PartState assess(WestchatCommunitySpec spec, Optional<StatefulSet> postgres, Optional<Deployment> synapse) {
    if (!spec.matrix.enabled) {
      return PartState.ready(Part.MATRIX, "Disabled", "spec.matrix.enabled is false.");
    }
    if (spec.matrix.database.runsOwnServer() && readyReplicas(postgres) < 1) {
      return PartState.failing(Part.MATRIX, "DatabaseNotReady", postgres.isEmpty()
          ? "The PostgreSQL StatefulSet has not been created yet."
          : "PostgreSQL is not ready yet: its pod is starting or failing; see `kubectl describe statefulset "
              + postgres.get().getMetadata().getName() + "`.");
    }
    if (synapse.isEmpty()) {
      return PartState.pending(Part.MATRIX, "SynapseCreating", "The Synapse Deployment has not been created yet.");
    }
    Deployment deployment = synapse.get();
    Integer available = deployment.getStatus() == null ? null : deployment.getStatus().getAvailableReplicas();
    if (available == null || available < 1) {
      return PartState.failing(Part.MATRIX, "SynapseNotAnswering",
          "Synapse does not answer its /health check yet. If this lasts, see `kubectl logs deployment/"
              + deployment.getMetadata().getName() + "`" + (spec.matrix.database.runsOwnServer()
              ? "." : " and check the Secret named in spec.matrix.database.external.secretRef."));
    }
    return PartState.ready(Part.MATRIX, "Running", "Synapse answers on its Service.");
  }

  private static int readyReplicas(Optional<StatefulSet> statefulSet) {
    return statefulSet.map(s -> s.getStatus() == null || s.getStatus().getReadyReplicas() == null
        ? 0 : s.getStatus().getReadyReplicas()).orElse(0);
  }
}
