package net.freedommessenger.westchat.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.matrix.MatrixAccount;
import net.freedommessenger.westchat.matrix.MatrixAdmins;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.synapse.SynapseSecrets;
import net.freedommessenger.westchat.status.Part;
import net.freedommessenger.westchat.status.PartState;

/**
 * Once Synapse answers, makes the operator's account and every admin exist there as server admins.
 * A set of admins that was already made is remembered, so a reconcile that changes nothing does
 * not call Synapse; after a restart of the operator the (idempotent) calls run once more.
 */
final class MatrixAdminSync {

  private final SynapseLocator locator;
  private final MatrixTokens tokens;
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  MatrixAdminSync(SynapseLocator locator, MatrixTokens tokens) {
    this.locator = locator;
    this.tokens = tokens;
  }

  /**
   * @param secrets the community's Secrets by name, from the informer caches
   * @return the Matrix state to report instead of "Running", when the admins could not be made
   */
  Optional<PartState> sync(WestchatCommunity community, Function<String, Optional<Secret>> secrets, CommunityEvents events) {
    return sync(community, secrets, List.of(), events);
  }

  /** @param formerAdmins admins that left spec.admins, to be demoted (see {@link AccountSecrets#formerAdmins}) */
  Optional<PartState> sync(WestchatCommunity community, Function<String, Optional<Secret>> secrets, List<String> formerAdmins,
      CommunityEvents events) {
    String key = community.getMetadata().getUid() + "/" + community.getSpec().admins.stream().map(a -> a.name).toList()
        + "/" + formerAdmins;
    if (done.contains(key)) {
      return Optional.empty();
    }
    Optional<String> sharedSecret = secrets.apply(SynapseSecrets.name(community))
        .map(s -> value(s, SynapseSecrets.REGISTRATION_SHARED_SECRET));
    Optional<MatrixAccount> operator = account(secrets.apply(AccountSecrets.operatorSecretName(community)));
    List<MatrixAccount> admins = new ArrayList<>();
    for (Admin admin : community.getSpec().admins) {
      Optional<MatrixAccount> account = account(secrets.apply(AccountSecrets.adminSecretName(community, admin.name)));
      if (account.isEmpty()) {
        return Optional.of(PartState.pending(Part.MATRIX, "AdminSecretsPending",
            "Waiting for the Secret of admin " + admin.name + "."));
      }
      admins.add(account.get());
    }
    if (sharedSecret.isEmpty() || operator.isEmpty()) {
      return Optional.of(PartState.pending(Part.MATRIX, "AdminSecretsPending", "Waiting for the Synapse and operator Secrets."));
    }
    try {
      SynapseAdminApi api = new SynapseAdminApi(locator.baseUrl(community));
      MatrixAdmins matrixAdmins = new MatrixAdmins(api, community.getSpec().domain);
      List<MatrixAdmins.Outcome> outcomes = new ArrayList<>();
      outcomes.add(matrixAdmins.ensureOperator(sharedSecret.get(), operator.get()));
      outcomes.addAll(tokens.call(community, api, operator.get().username(), operator.get().password(),
          token -> matrixAdmins.ensureAdmins(token, sharedSecret.get(), admins, formerAdmins)));
      outcomes.stream().filter(o -> !"exists".equals(o.action())).forEach(o -> events.normal(community,
          "MatrixAdmin", "Matrix account " + o.username() + ": " + o.action()
              + ("no longer admin".equals(o.action()) ? " (left spec.admins; the account stays)" : " as server admin")));
      done.add(key);
      return Optional.empty();
    } catch (SynapseAdminApi.MatrixError e) {
      return Optional.of(PartState.failing(Part.MATRIX, "AdminRegistrationFailed",
          "Synapse refused to set up the admin accounts: " + e.getMessage()));
    } catch (IOException e) {
      return Optional.of(PartState.failing(Part.MATRIX, "AdminRegistrationFailed",
          "The operator could not reach Synapse at " + locator.baseUrl(community) + " to set up the admin accounts: "
              + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
    }
  }

  static Optional<MatrixAccount> account(Optional<Secret> secret) {
    return secret.filter(s -> s.getData() != null && s.getData().containsKey(AccountSecrets.PASSWORD))
        .map(s -> new MatrixAccount(value(s, AccountSecrets.USERNAME), value(s, AccountSecrets.PASSWORD), true));
  }

  private static String value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    String encoded = data == null ? null : data.get(key);
    return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }
}
