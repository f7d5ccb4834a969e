package net.freedommessenger.westchat.cli;

import static net.freedommessenger.westchat.cli.StatusFixtures.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.freedommessenger.westchat.api.RepoFiles;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import org.junit.jupiter.api.Test;

/** Reason words as plain sentences, for every reason docs/conditions.md explains. */
class ConditionAdviceTest {

  /** Reasons that need no sentence: the part works, is switched off, or the report lists the parts itself. */
  static final Set<String> WITHOUT_ADVICE = Set.of("AllPartsReady", "PartsPending", "PartsFailing", "Disabled", "Running",
      "NoRooms", "RoomsWorking");

  static Optional<String> advice(String type, String reason) {
    return ConditionAdvice.of(condition(type, "False", reason, "message"), "westchat", "westchat.example.org");
  }

  @Test
  void everyReasonOfTheDocumentedTableHasASentenceOrNeedsNone() throws IOException {
    String doc = Files.readString(RepoFiles.path("docs", "conditions.md"));
    Matcher row = Pattern.compile("(?m)^\\| `(\\w+)` \\| (Ready|Matrix|XMPP|IRC|Bridges|Rooms|any part) \\|").matcher(doc);
    int rows = 0;
    while (row.find()) {
      rows++;
      String reason = row.group(1);
      String type = row.group(2).equals("any part") ? "Matrix" : row.group(2);
      assertEquals(!WITHOUT_ADVICE.contains(reason), advice(type, reason).isPresent(), type + "/" + reason);
    }
    assertTrue(rows > 30, "the reason table of docs/conditions.md was not found: " + rows + " rows");
  }

  @Test
  void namesOfTheCommunitysServersAreFilledIn() {
    assertTrue(advice("Matrix", "SynapseNotAnswering").orElseThrow().endsWith("kubectl logs deployment/westchat-synapse"));
    assertTrue(advice("Matrix", "WelcomeRoomFailed").orElseThrow().contains("#welcome:westchat.example.org"));
  }

  @Test
  void aReasonWordOfTwoPartsIsToldForEachPart() {
    assertTrue(advice("XMPP", "CertManagerMissing").orElseThrow().contains("spec.xmpp.tls.secretName"));
    assertTrue(advice("IRC", "CertManagerMissing").orElseThrow().contains("spec.irc.tls.secretName"));
    assertNotEquals(advice("XMPP", "SelfSignedCertificate"), advice("IRC", "SelfSignedCertificate"));
  }

  @Test
  void anUnknownOrMissingReasonHasNoSentence() {
    assertEquals(Optional.empty(), advice("Matrix", "SomethingNew"));
    CommunityCondition withoutReason = condition("Matrix", "False", null, "message");
    assertEquals(Optional.empty(), ConditionAdvice.of(withoutReason, "westchat", "westchat.example.org"));
  }

  @Test
  void plainSentencesSayWaitWhereTheDocsSayWait() {
    for (String reason : List.of("SynapseCreating", "ProsodyCreating", "ErgoCreating", "AdminSecretsPending",
        "MatrixIrcBridgeStarting", "BridgeRestarting")) {
      assertTrue(advice("Matrix", reason).orElseThrow().contains("wait"), reason);
    }
  }
}
