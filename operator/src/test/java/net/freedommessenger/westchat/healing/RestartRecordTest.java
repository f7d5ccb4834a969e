package net.freedommessenger.westchat.healing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartRecordTest {

  @Test
  void readsTheAnnotationsOnTheDeployment() {
    var deployment = new DeploymentBuilder().withNewMetadata().withAnnotations(Map.of(RestartRecord.RESTARTS, "3",
        RestartRecord.LAST_RESTART, "2026-01-01T00:00:00Z")).endMetadata().build();
    assertEquals(new RestartRecord(3, Optional.of(Instant.parse("2026-01-01T00:00:00Z")), Optional.empty()),
        RestartRecord.of(deployment));
  }

  @Test
  void annotationsEditedIntoNonsenseCountAsNothingRecorded() {
    var deployment = new DeploymentBuilder().withNewMetadata().withAnnotations(Map.of(RestartRecord.RESTARTS, "many",
        RestartRecord.GAVE_UP, "yesterday")).endMetadata().build();
    assertEquals(RestartRecord.NONE, RestartRecord.of(deployment));
    assertEquals(RestartRecord.NONE, RestartRecord.of(new DeploymentBuilder().withNewMetadata().endMetadata().build()));
  }
}
