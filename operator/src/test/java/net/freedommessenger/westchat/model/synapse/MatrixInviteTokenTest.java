package net.freedommessenger.westchat.model.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import org.junit.jupiter.api.Test;

/** The Matrix invitation token's Secret: only with invite sign-ups, generated once, in the shape Synapse takes. */
class MatrixInviteTokenTest {

  static String token(Secret secret) {
    return new String(Base64.getDecoder().decode(secret.getData().get(MatrixInviteToken.TOKEN)), StandardCharsets.UTF_8);
  }

  static List<String> secretNames(WestchatCommunity community) {
    return CommunityObjects.desired(community, ExistingSecrets.NONE, new RandomSecretGenerator()).stream()
        .filter(o -> o instanceof Secret).map(HasMetadata::getMetadata).map(m -> m.getName()).toList();
  }

  @Test
  void onlyInviteSignUpsOnMatrixHaveAToken() {
    assertTrue(secretNames(TestCommunities.minimalWith("registration: invite")).contains("westchat-matrix-invite-token"));
    assertFalse(secretNames(TestCommunities.minimalWith("registration: open")).contains("westchat-matrix-invite-token"));
    assertFalse(secretNames(TestCommunities.minimalWith("registration: closed")).contains("westchat-matrix-invite-token"));
    assertFalse(secretNames(TestCommunities.minimalWith("registration: invite\nmatrix: {enabled: false}\n"
        + "bridges: {matrixIrc: {enabled: false}}")).contains("westchat-matrix-invite-token"));
  }

  @Test
  void theTokenIsGeneratedOnceInTheShapeSynapseTakes() {
    WestchatCommunity community = TestCommunities.minimalWith("registration: invite");
    Secret first = MatrixInviteToken.secret(community, ExistingSecrets.NONE, new RandomSecretGenerator());
    String token = token(first);
    assertTrue(token.matches("[A-Za-z0-9._~-]{1,64}"), "Synapse's rule for a registration token");
    assertEquals("synapse", first.getMetadata().getLabels().get("app.kubernetes.io/component"));
    Map<String, String> kept = first.getData();
    Secret again = MatrixInviteToken.secret(community, name -> name.equals(MatrixInviteToken.name(community)) ? kept : Map.of(),
        new RandomSecretGenerator());
    assertEquals(token, token(again), "never generated again while the Secret holds a value");
  }
}
