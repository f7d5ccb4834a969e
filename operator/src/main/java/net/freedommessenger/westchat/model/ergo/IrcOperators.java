package net.freedommessenger.westchat.model.ergo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PasswordHashes;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;

/**
 * Every admin and the operator's own account as IRC operators, each with a bcrypt hash of the
 * password in its account Secret. A hash Ergo already has is kept while it still verifies against
 * that password, so the same Secrets always give the same config; a new account, or a password
 * changed in its Secret, gets a new hash.
 */
public final class IrcOperators {

  private IrcOperators() {}

  /**
   * @param accounts the account Secrets as they are (see {@link AccountSecrets}); an account whose
   *     Secret does not exist yet is left out until it does
   * @param previousHashes oper name to the hash the current config holds (see {@link IrcdConfig#operHashes})
   */
  public static List<IrcOperator> of(WestchatCommunity community, ExistingSecrets accounts,
      Map<String, String> previousHashes, SecretGenerator generator) {
    List<IrcOperator> opers = new ArrayList<>();
    String operatorSecret = AccountSecrets.operatorSecretName(community);
    password(accounts, operatorSecret).ifPresent(password -> opers.add(new IrcOperator(Names.OPERATOR_ACCOUNT,
        hash(previousHashes.get(Names.OPERATOR_ACCOUNT), password, operatorSecret, generator), true)));
    for (Admin admin : community.getSpec().admins) {
      String secret = AccountSecrets.adminSecretName(community, admin.name);
      password(accounts, secret).ifPresent(password -> opers.add(
          new IrcOperator(admin.name, hash(previousHashes.get(admin.name), password, secret, generator), false)));
    }
    opers.sort(Comparator.comparing(IrcOperator::name));
    return opers;
  }

  private static String hash(String previous, String password, String secretName, SecretGenerator generator) {
    if (PasswordHashes.verifies(password, previous)) {
      return previous;
    }
    try {
      return generator.hashPassword(password);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the password in the Secret " + secretName + " cannot be an IRC operator's: "
          + e.getMessage(), e);
    }
  }

  private static Optional<String> password(ExistingSecrets accounts, String secretName) {
    String encoded = accounts.dataOf(secretName).get(AccountSecrets.PASSWORD);
    if (encoded == null || encoded.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
  }
}
