package net.freedommessenger.westchat.matrix;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes sure the operator's own account and every admin exist on Synapse and are server admins.
 * Safe to repeat: an account that exists is left as it is (its password may have been changed by
 * its owner), and only a missing admin flag is set.
 */
public final class MatrixAdmins {

  private final SynapseAdminApi api;
  private final String serverName;

  public MatrixAdmins(SynapseAdminApi api, String serverName) {
    this.api = api;
    this.serverName = serverName;
  }

  /** What happened to each account, for the status and Events. */
  public record Outcome(String username, String action) {}

  public List<Outcome> ensure(String sharedSecret, MatrixAccount operator, List<MatrixAccount> admins)
      throws IOException, SynapseAdminApi.MatrixError {
    return ensure(sharedSecret, operator, admins, List.of());
  }

  /**
   * As above, and takes the server admin flag from former admins, whom the operator made admins
   * before; their accounts stay.
   */
  public List<Outcome> ensure(String sharedSecret, MatrixAccount operator, List<MatrixAccount> admins, List<String> formerAdmins)
      throws IOException, SynapseAdminApi.MatrixError {
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(ensureOperator(sharedSecret, operator));
    outcomes.addAll(ensureAdmins(api.login(operator.username(), operator.password()), sharedSecret, admins, formerAdmins));
    return outcomes;
  }

  /** Registers the operator's own account when it is missing. */
  public Outcome ensureOperator(String sharedSecret, MatrixAccount operator) throws IOException, SynapseAdminApi.MatrixError {
    return new Outcome(operator.username(), registerIfMissing(sharedSecret, operator) ? "registered" : "exists");
  }

  /**
   * Makes every admin exist as a server admin and demotes former admins, with a token of the
   * operator's account (kept by the caller: Synapse allows few logins per address).
   */
  public List<Outcome> ensureAdmins(String token, String sharedSecret, List<MatrixAccount> admins, List<String> formerAdmins)
      throws IOException, SynapseAdminApi.MatrixError {
    List<Outcome> outcomes = new ArrayList<>();
    for (MatrixAccount admin : admins) {
      Optional<Boolean> isAdmin = api.isAdmin(token, userId(admin.username()));
      if (isAdmin.isEmpty()) {
        api.registerWithSharedSecret(sharedSecret, admin.username(), admin.password(), true);
        outcomes.add(new Outcome(admin.username(), "registered"));
      } else if (!isAdmin.get()) {
        api.setAdmin(token, userId(admin.username()), true);
        outcomes.add(new Outcome(admin.username(), "made admin"));
      } else {
        outcomes.add(new Outcome(admin.username(), "exists"));
      }
    }
    for (String former : formerAdmins) {
      if (api.isAdmin(token, userId(former)).orElse(false)) {
        api.setAdmin(token, userId(former), false);
        outcomes.add(new Outcome(former, "no longer admin"));
      }
    }
    return outcomes;
  }

  public String userId(String username) {
    return "@" + username + ":" + serverName;
  }

  private boolean registerIfMissing(String sharedSecret, MatrixAccount account) throws IOException, SynapseAdminApi.MatrixError {
    try {
      api.registerWithSharedSecret(sharedSecret, account.username(), account.password(), true);
      return true;
    } catch (SynapseAdminApi.MatrixError e) {
      if ("M_USER_IN_USE".equals(e.errcode())) {
        return false;
      }
      throw e;
    }
  }
}
