package net.freedommessenger.westchat.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.matrix.MatrixAccount;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.synapse.MatrixInviteToken;
import net.freedommessenger.westchat.status.Part;
import net.freedommessenger.westchat.status.PartState;

/**
 * With registration: invite, makes the registration token kept in the Secret
 * &lt;name&gt;-matrix-invite-token exist in Synapse, through its admin API as the operator's account.
 * A token Synapse has is left as it is, even if an admin changed its uses or expiry there; a token
 * it does not have (a new community, or an admin deleted it) is created with unlimited uses. A token
 * already confirmed is remembered by a digest of its value, so a reconcile that changes nothing does
 * not call Synapse, and a new value in the Secret is created at the next run.
 */
final class MatrixInviteTokenSync {

  private final SynapseLocator locator;
  private final MatrixTokens tokens;
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

  MatrixInviteTokenSync(SynapseLocator locator, MatrixTokens tokens) {
    this.locator = locator;
    this.tokens = tokens;
  }

  /** @return the Matrix state to report instead of "Running" when the token is not in Synapse yet */
  Optional<PartState> sync(WestchatCommunity community, MatrixAccount operator, Function<String, Optional<Secret>> secrets,
      CommunityEvents events) {
    String secretName = MatrixInviteToken.name(community);
    Optional<String> value = secrets.apply(secretName).map(Secret::getData).map(d -> d.get(MatrixInviteToken.TOKEN))
        .filter(v -> !v.isEmpty()).map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
    if (value.isEmpty()) {
      return Optional.of(PartState.pending(Part.MATRIX, "InviteTokenPending",
          "Waiting for the Secret " + secretName + " with the registration token."));
    }
    String key = community.getMetadata().getUid() + "/" + digest(value.get());
    if (confirmed.contains(key)) {
      return Optional.empty();
    }
    SynapseAdminApi api = new SynapseAdminApi(locator.baseUrl(community));
    try {
      boolean created = tokens.call(community, api, operator.username(), operator.password(), token -> {
        if (api.registrationTokenExists(token, value.get())) {
          return false;
        }
        api.createRegistrationToken(token, value.get());
        return true;
      });
      if (created) {
        events.normal(community, "MatrixInviteToken", "Created the Matrix registration token kept in the Secret "
            + secretName + "; people sign up with it.");
      }
      confirmed.add(key);
      return Optional.empty();
    } catch (SynapseAdminApi.MatrixError e) {
      return Optional.of(PartState.failing(Part.MATRIX, "InviteTokenFailed",
          "Synapse refused the registration token kept in the Secret " + secretName + ": " + e.getMessage()));
    } catch (IOException e) {
      return Optional.of(PartState.failing(Part.MATRIX, "InviteTokenFailed",
          "The operator could not reach Synapse at " + locator.baseUrl(community) + " to create the registration token: "
              + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
    }
  }

  private static String digest(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
