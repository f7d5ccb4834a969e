package net.freedommessenger.westchat.model.secrets;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Secret values from the platform's cryptographic random source. */
public final class RandomSecretGenerator implements SecretGenerator {

  private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int PASSWORD_LENGTH = 24;
  private static final int TOKEN_BYTES = 32;
  private static final int RSA_BITS = 2048;

  private final SecureRandom random = new SecureRandom();

  @Override
  public String generate(SecretKind kind) {
    return switch (kind) {
      case PASSWORD -> password();
      case TOKEN -> token();
      case MATRIX_SIGNING_KEY -> matrixSigningKey();
      case RSA_PRIVATE_KEY -> rsaPrivateKey();
    };
  }

  private String password() {
    StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
    for (int i = 0; i < PASSWORD_LENGTH; i++) {
      password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return password.toString();
  }

  @Override
  public TlsKeyPair selfSignedCertificate(List<String> names, Instant notBefore, Instant notAfter) {
    return SelfSignedIssuer.issue(names, notBefore, notAfter, random);
  }

  /** Synapse derives the public key from the seed; the key id only has to be unique per server. */
  private String matrixSigningKey() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    StringBuilder keyId = new StringBuilder("a_");
    for (int i = 0; i < 4; i++) {
      keyId.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return "ed25519 " + keyId + " " + Base64.getEncoder().withoutPadding().encodeToString(seed) + "\n";
  }

  private String rsaPrivateKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS, random);
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
      return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is part of every Java runtime", e);
    }
  }

  private String token() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
