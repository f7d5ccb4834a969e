package net.freedommessenger.westchat.model.ergo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PasswordHashes;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import org.junit.jupiter.api.Test;

/** Opers' hashes: made from the account Secrets, kept while they verify, so a reconcile changes nothing. */
class IrcOperatorsTest {

  final RandomSecretGenerator generator = new RandomSecretGenerator();
  final WestchatCommunity community = TestCommunities.minimalWith("");
  final Map<String, Map<String, String>> secrets = new HashMap<>();

  IrcOperatorsTest() {
    for (Secret secret : AccountSecrets.desired(community, ExistingSecrets.NONE, generator)) {
      secrets.put(secret.getMetadata().getName(), secret.getData());
    }
  }

  ExistingSecrets existing() {
    return name -> secrets.getOrDefault(name, Map.of());
  }

  String password(String secret) {
    return new String(Base64.getDecoder().decode(secrets.get(secret).get(AccountSecrets.PASSWORD)), StandardCharsets.UTF_8);
  }

  static Map<String, String> hashes(List<IrcOperator> opers) {
    Map<String, String> hashes = new HashMap<>();
    opers.forEach(o -> hashes.put(o.name(), o.passwordHash()));
    return hashes;
  }

  @Test
  void aNewHashIsGosBcryptFormAndVerifies() {
    List<IrcOperator> opers = IrcOperators.of(community, existing(), Map.of(), generator);
    assertEquals(List.of("alice", "westchat"), opers.stream().map(IrcOperator::name).toList());
    IrcOperator alice = opers.get(0);
    assertTrue(alice.passwordHash().startsWith("$2a$04$"), alice.passwordHash());
    assertEquals(60, alice.passwordHash().length(), "the length Ergo accepts");
    assertTrue(PasswordHashes.verifies(password("westchat-admin-alice"), alice.passwordHash()));
    assertFalse(PasswordHashes.verifies("wrong", alice.passwordHash()));
    assertTrue(opers.get(1).automation());
  }

  @Test
  void hashesThatStillVerifyAreKeptSoTheConfigStaysTheSame() {
    Map<String, String> first = hashes(IrcOperators.of(community, existing(), Map.of(), generator));
    assertEquals(first, hashes(IrcOperators.of(community, existing(), first, generator)));
  }

  @Test
  void aPasswordChangedInItsSecretGetsANewHash() {
    Map<String, String> first = hashes(IrcOperators.of(community, existing(), Map.of(), generator));
    Map<String, String> alice = new HashMap<>(secrets.get("westchat-admin-alice"));
    alice.put(AccountSecrets.PASSWORD, Base64.getEncoder().encodeToString("rotated-by-alice".getBytes(StandardCharsets.UTF_8)));
    secrets.put("westchat-admin-alice", alice);
    Map<String, String> second = hashes(IrcOperators.of(community, existing(), first, generator));
    assertNotEquals(first.get("alice"), second.get("alice"));
    assertTrue(PasswordHashes.verifies("rotated-by-alice", second.get("alice")));
    assertEquals(first.get("westchat"), second.get("westchat"));
  }

  @Test
  void anAccountWhoseSecretIsNotThereYetIsLeftOut() {
    secrets.remove("westchat-admin-alice");
    assertEquals(List.of("westchat"), IrcOperators.of(community, existing(), Map.of(), generator).stream()
        .map(IrcOperator::name).toList());
  }

  @Test
  void aPasswordTooLongForBcryptIsRefusedNamingItsSecret() {
    Map<String, String> alice = new HashMap<>(secrets.get("westchat-admin-alice"));
    alice.put(AccountSecrets.PASSWORD, Base64.getEncoder().encodeToString("x".repeat(80).getBytes(StandardCharsets.UTF_8)));
    secrets.put("westchat-admin-alice", alice);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> IrcOperators.of(community, existing(), Map.of(), generator));
    assertTrue(refused.getMessage().contains("westchat-admin-alice") && refused.getMessage().contains("71 bytes"),
        refused.getMessage());
  }
}
