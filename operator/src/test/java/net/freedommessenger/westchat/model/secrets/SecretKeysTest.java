package net.freedommessenger.westchat.model.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Secrets are generated once: what exists is kept, only what is missing is made. */
class SecretKeysTest {

  static final SecretKeys KEYS = new SecretKeys().with("password", SecretKind.PASSWORD).with("token", SecretKind.TOKEN);

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  static String encode(String plain) {
    return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void missingKeysAreGenerated() {
    Map<String, String> data = KEYS.complete(Map.of(), new RandomSecretGenerator());
    assertEquals(Set.of("password", "token"), data.keySet());
    assertTrue(decode(data.get("password")).matches("[A-Za-z2-9]{24}"), decode(data.get("password")));
    assertTrue(decode(data.get("token")).matches("[0-9a-f]{64}"), decode(data.get("token")));
  }

  @Test
  void existingValuesAreNeverRegenerated() {
    Map<String, String> existing = Map.of("password", encode("kept-password"), "token", encode("kept-token"));
    Map<String, String> data = KEYS.complete(existing, kind -> {
      throw new AssertionError("nothing may be generated when every key exists");
    });
    assertEquals(existing, data);
  }

  @Test
  void onlyTheMissingKeyIsGeneratedAndOtherKeysStay() {
    Map<String, String> existing = Map.of("password", encode("kept-password"), "added-by-hand", encode("x"));
    Map<String, String> data = KEYS.complete(existing, new RandomSecretGenerator());
    assertEquals("kept-password", decode(data.get("password")));
    assertEquals("x", decode(data.get("added-by-hand")));
    assertEquals(64, decode(data.get("token")).length());
  }

  @Test
  void anEmptyValueCountsAsMissing() {
    Map<String, String> data = KEYS.complete(Map.of("password", ""), new RandomSecretGenerator());
    assertEquals(24, decode(data.get("password")).length());
  }

  @Test
  void rsaKeysAreReadableAsPkcs8() throws Exception {
    String pem = new RandomSecretGenerator().generate(SecretKind.RSA_PRIVATE_KEY);
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n") && pem.endsWith("-----END PRIVATE KEY-----\n"), pem);
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
    var key = java.security.KeyFactory.getInstance("RSA")
        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(body)));
    assertEquals(2048, ((java.security.interfaces.RSAPrivateKey) key).getModulus().bitLength());
  }

  @Test
  void matrixSigningKeysHaveSynapsesFormat() {
    String key = new RandomSecretGenerator().generate(SecretKind.MATRIX_SIGNING_KEY);
    assertTrue(key.matches("ed25519 a_[A-Za-z2-9]{4} [A-Za-z0-9+/]{43}\n"), key);
  }

  @Test
  void generatedValuesDifferEveryTime() {
    RandomSecretGenerator generator = new RandomSecretGenerator();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.add(generator.generate(SecretKind.PASSWORD)));
      assertTrue(seen.add(generator.generate(SecretKind.TOKEN)));
    }
    assertNotEquals(generator.generate(SecretKind.TOKEN), generator.generate(SecretKind.TOKEN));
  }
}
