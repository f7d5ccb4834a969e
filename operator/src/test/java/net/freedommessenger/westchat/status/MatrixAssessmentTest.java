package net.freedommessenger.westchat.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

/** The Matrix condition in the words a newcomer reads. */
class MatrixAssessmentTest {

  static final WestchatCommunitySpec MANAGED = TestCommunities.minimalWith("").getSpec();
  static final WestchatCommunitySpec EXTERNAL = TestCommunities.minimalWith(
      "matrix: {database: {external: {secretRef: {name: my-pg}}}}").getSpec();

  static final Optional<io.fabric8.kubernetes.api.model.apps.StatefulSet> POSTGRES_READY = Optional.of(new StatefulSetBuilder()
      .withNewMetadata().withName("westchat-postgres").endMetadata().withNewStatus().withReadyReplicas(1).endStatus().build());
  static final Optional<io.fabric8.kubernetes.api.model.apps.Deployment> SYNAPSE_AVAILABLE = Optional.of(new DeploymentBuilder()
      .withNewMetadata().withName("westchat-synapse").endMetadata().withNewStatus().withAvailableReplicas(1).endStatus().build());
  static final Optional<io.fabric8.kubernetes.api.model.apps.Deployment> SYNAPSE_STARTING = Optional.of(new DeploymentBuilder()
      .withNewMetadata().withName("westchat-synapse").endMetadata().build());

  @Test
  void databaseFirst() {
    PartState state = MatrixAssessment.assess(MANAGED, Optional.empty(), SYNAPSE_AVAILABLE, Optional.empty());
    assertEquals("DatabaseNotReady", state.reason());
  }

  @Test
  void synapseNotAnsweringNamesTheDeployment() {
    PartState state = MatrixAssessment.assess(MANAGED, POSTGRES_READY, SYNAPSE_STARTING, Optional.empty());
    assertEquals("SynapseNotAnswering", state.reason());
    assertTrue(state.message().contains("kubectl logs deployment/westchat-synapse"), state.message());
  }

  @Test
  void running() {
    assertEquals("Running", MatrixAssessment.assess(MANAGED, POSTGRES_READY, SYNAPSE_AVAILABLE, Optional.empty()).reason());
  }

  @Test
  void aMissingExternalDatabaseSecretNamesTheField() {
    PartState state = MatrixAssessment.assess(EXTERNAL, Optional.empty(), SYNAPSE_AVAILABLE, Optional.empty());
    assertEquals("ExternalDatabaseSecretMissing", state.reason());
    assertTrue(state.message().contains("spec.matrix.database.external.secretRef") && state.message().contains("my-pg"));
  }

  @Test
  void anIncompleteExternalDatabaseSecretNamesTheMissingKeys() {
    var secret = Optional.of(new SecretBuilder().withNewMetadata().withName("my-pg").endMetadata()
        .withData(Map.of("host", "aG9zdA==", "password", "cA==")).build());
    PartState state = MatrixAssessment.assess(EXTERNAL, Optional.empty(), SYNAPSE_AVAILABLE, secret);
    assertEquals("ExternalDatabaseSecretIncomplete", state.reason());
    assertTrue(state.message().contains("port, database, user"), state.message());
  }
}
