package net.freedommessenger.westchat.model.secrets;

/** The shapes of generated secret values; each knows how many random bytes it needs. */
public enum SecretKind {
  /** A password people type: 24 characters of letters and digits (about 142 bits). */
  PASSWORD,
  /** A token programs exchange: 64 hex characters (256 bits). */
  TOKEN,
  /** A Matrix server signing key: "ed25519 a_XXXX SEED", the seed 32 random bytes in unpadded base64. */
  MATRIX_SIGNING_KEY,
  /** An RSA private key (2048 bits) in PKCS#8 PEM form, as bridges use to encrypt stored passwords. */
  RSA_PRIVATE_KEY;

  public String describe() {
    return switch (this) {
      case PASSWORD -> "password";
      case TOKEN -> "token";
      case MATRIX_SIGNING_KEY -> "Matrix signing key";
      case RSA_PRIVATE_KEY -> "RSA private key";
    };
  }
}
