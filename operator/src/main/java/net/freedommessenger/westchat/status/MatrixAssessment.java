package net.freedommessenger.westchat.status;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;

/** The Matrix condition, from what the cluster shows of PostgreSQL and Synapse. */
public final class MatrixAssessment {

  private MatrixAssessment() {}

  /** The keys Synapse reads from the Secret of an external database. */
  public static final List<String> EXTERNAL_DATABASE_KEYS = List.of("host", "port", "database", "user", "password");

  /**
   * @param externalDatabase the Secret named in spec.matrix.database.external, when that is set and the Secret exists
   */
  public static PartState assess(WestchatCommunitySpec spec, Optional<StatefulSet> postgres, Optional<Deployment> synapse,
      Optional<Secret> externalDatabase) {
    if (!spec.matrix.enabled) {
      return PartState.ready(Part.MATRIX, "Disabled", "spec.matrix.enabled is false.");
    }
    if (!spec.matrix.database.runsOwnServer()) {
      String name = spec.matrix.database.external.secretRef.name;
      if (externalDatabase.isEmpty()) {
        return PartState.failing(Part.MATRIX, "ExternalDatabaseSecretMissing", "spec.matrix.database.external.secretRef "
            + "names the Secret " + name + ", which does not exist in this namespace. Create it with the keys "
            + String.join(", ", EXTERNAL_DATABASE_KEYS) + ".");
      }
      List<String> missing = EXTERNAL_DATABASE_KEYS.stream()
          .filter(key -> externalDatabase.get().getData() == null || !externalDatabase.get().getData().containsKey(key))
          .toList();
      if (!missing.isEmpty()) {
        return PartState.failing(Part.MATRIX, "ExternalDatabaseSecretIncomplete", "The Secret " + name
            + " named in spec.matrix.database.external.secretRef lacks the keys " + String.join(", ", missing) + ".");
      }
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
