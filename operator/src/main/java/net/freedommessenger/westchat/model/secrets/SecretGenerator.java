package net.freedommessenger.westchat.model.secrets;

/** Makes a new secret value. The cluster uses cryptographic randomness; rendering uses placeholders. */
public interface SecretGenerator {

  String generate(SecretKind kind);

  /** A new bcrypt hash of a password, for servers that are configured with hashes (Ergo's opers). */
  default String hashPassword(String password) {
    return PasswordHashes.bcrypt(password);
  }
}
