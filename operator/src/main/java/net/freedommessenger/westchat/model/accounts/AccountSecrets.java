package net.freedommessenger.westchat.model.accounts;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.KeptSecret;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretKeys;
import net.freedommessenger.westchat.model.secrets.SecretKind;

/**
 * One Secret per account the operator creates on every network: each admin's, and the
 * operator's own identity. Each holds the user name and an initial password generated once;
 * the operator never overwrites it, so an admin may share it or rotate it on the servers.
 */
public final class AccountSecrets {

  public static final String COMPONENT = "accounts";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";

  private AccountSecrets() {}

  public static String adminSecretName(WestchatCommunity community, String admin) {
    return community.getMetadata().getName() + "-admin-" + admin;
  }

  public static String operatorSecretName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-operator-account";
  }

  /**
   * The admins that left spec.admins: their Secrets are kept, as their accounts are, so they say
   * whom the operator made an admin before and must now demote.
   *
   * @param accountSecrets the community's account Secrets as they are in the cluster
   */
  public static List<String> formerAdmins(WestchatCommunity community, List<Secret> accountSecrets) {
    String prefix = community.getMetadata().getName() + "-admin-";
    java.util.Set<String> current = new java.util.HashSet<>();
    community.getSpec().admins.forEach(admin -> current.add(admin.name));
    return accountSecrets.stream()
        .filter(s -> s.getMetadata().getName().startsWith(prefix))
        .filter(s -> COMPONENT.equals(s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(CommunityLabels.COMPONENT)))
        .map(s -> s.getMetadata().getName().substring(prefix.length()))
        .filter(name -> !current.contains(name))
        .distinct()
        .sorted()
        .toList();
  }

  public static List<Secret> desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    List<Secret> secrets = new ArrayList<>();
    secrets.add(account(community, operatorSecretName(community), Names.OPERATOR_ACCOUNT, existing, generator));
    for (Admin admin : community.getSpec().admins) {
      secrets.add(account(community, adminSecretName(community, admin.name), admin.name, existing, generator));
    }
    return secrets;
  }

  private static Secret account(WestchatCommunity community, String secretName, String username,
      ExistingSecrets existing, SecretGenerator generator) {
    Map<String, String> labels = new TreeMap<>(CommunityLabels.of(community, COMPONENT));
    Secret secret = KeptSecret.build(secretName, community.getMetadata().getNamespace(), labels,
        new SecretKeys().with(PASSWORD, SecretKind.PASSWORD), existing, generator);
    secret.getData().put(USERNAME, Base64.getEncoder().encodeToString(username.getBytes(StandardCharsets.UTF_8)));
    return secret;
  }
}
