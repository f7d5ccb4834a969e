package net.freedommessenger.westchat.model.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import org.junit.jupiter.api.Test;

class AccountSecretsTest {

  static WestchatCommunity community(String... admins) {
    WestchatCommunity community = new WestchatCommunity();
    community.setMetadata(new ObjectMetaBuilder().withName("wc").withNamespace("chat").build());
    WestchatCommunitySpec spec = new WestchatCommunitySpec();
    spec.domain = "westchat.example.org";
    for (String admin : admins) {
      spec.admins.add(new Admin(admin));
    }
    community.setSpec(spec);
    return community;
  }

  static String plain(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  void oneSecretPerAdminAndOneForTheOperator() {
    List<Secret> secrets = AccountSecrets.desired(community("alice", "bob"), ExistingSecrets.NONE, new RandomSecretGenerator());
    assertEquals(List.of("wc-operator-account", "wc-admin-alice", "wc-admin-bob"),
        secrets.stream().map(s -> s.getMetadata().getName()).toList());
    assertEquals("alice", plain(secrets.get(1), "username"));
    assertEquals("westchat", plain(secrets.get(0), "username"));
    assertEquals("chat", secrets.get(1).getMetadata().getNamespace());
    assertEquals("wc", secrets.get(1).getMetadata().getLabels().get("app.kubernetes.io/instance"));
  }

  @Test
  void anExistingPasswordIsKept() {
    String kept = Base64.getEncoder().encodeToString("changed-on-the-server".getBytes(StandardCharsets.UTF_8));
    ExistingSecrets existing = name -> name.equals("wc-admin-alice") ? Map.of("password", kept) : Map.of();
    List<Secret> secrets = AccountSecrets.desired(community("alice"), existing, new RandomSecretGenerator());
    assertEquals("changed-on-the-server", plain(secrets.get(1), "password"));
  }

  @Test
  void adminsWhoseSecretStaysAfterTheyLeftTheSpecAreFormerAdmins() {
    WestchatCommunity community = net.freedommessenger.westchat.model.TestCommunities.minimalWith("");
    List<Secret> secrets = new java.util.ArrayList<>(AccountSecrets.desired(community, ExistingSecrets.NONE,
        new RandomSecretGenerator()));
    community.getSpec().admins.add(new Admin("dave"));
    secrets.addAll(AccountSecrets.desired(community, ExistingSecrets.NONE, new RandomSecretGenerator()));
    community.getSpec().admins.removeIf(a -> a.name.equals("alice") || a.name.equals("dave"));
    community.getSpec().admins.add(new Admin("erin"));

    assertEquals(List.of("alice", "dave"), AccountSecrets.formerAdmins(community, secrets),
        "the operator's own Secret and erin's (not made yet) are not former admins");
  }
}
