package net.freedommessenger.westchat.model.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

class ManagedPostgresTest {

  static Map<String, EnvVar> env(StatefulSet statefulSet) {
    return statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  @Test
  void databaseIsCreatedWithTheCollationSynapseRequires() {
    Map<String, EnvVar> env = env(ManagedPostgres.statefulSet(TestCommunities.minimalWith("")));
    assertEquals("--encoding=UTF8 --lc-collate=C --lc-ctype=C", env.get("POSTGRES_INITDB_ARGS").getValue());
    assertEquals("synapse", env.get("POSTGRES_DB").getValue());
    assertEquals("westchat-postgres", env.get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName());
  }

  @Test
  void volumeSizeAndRetentionFollowTheSpec() {
    StatefulSet kept = ManagedPostgres.statefulSet(TestCommunities.minimalWith("matrix: {database: {managed: {storage: 50Gi}}}"));
    assertEquals("50Gi", kept.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString());
    assertEquals("Retain", kept.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
    StatefulSet deleted = ManagedPostgres.statefulSet(TestCommunities.minimalWith("dataRetention: Delete"));
    assertEquals("Delete", deleted.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
  }

  @Test
  void podMeetsTheRestrictedStandard() {
    var pod = ManagedPostgres.statefulSet(TestCommunities.minimalWith("")).getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertTrue(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
  }
}
