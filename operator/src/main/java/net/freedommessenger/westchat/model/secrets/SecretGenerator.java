package net.freedommessenger.westchat.model.secrets;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** Makes a new secret value. The cluster uses cryptographic randomness; rendering uses placeholders. */
public interface SecretGenerator {

  String generate(SecretKind kind);

  /**
   * A new key and a certificate for the names that it signs itself, valid between the two instants;
   * from the platform's random source unless a generator says otherwise.
   */
  default TlsKeyPair selfSignedCertificate(List<String> names, Instant notBefore, Instant notAfter) {
    return SelfSignedIssuer.issue(names, notBefore, notAfter, new SecureRandom());
  }

  /** A new bcrypt hash of a password, for servers that are configured with hashes (Ergo's opers). */
  default String hashPassword(String password) {
    return PasswordHashes.bcrypt(password);
  }
}
