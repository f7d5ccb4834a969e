package net.freedommessenger.westchat.model.secrets;

import java.time.Instant;
import java.util.List;

/** Stands in for secret values where nothing may be generated, such as {@code westchat render}. */
public final class PlaceholderSecretGenerator implements SecretGenerator {

  @Override
  public String generate(SecretKind kind) {
    return "<" + kind.describe() + ": generated once in the cluster>";
  }

  /** Without the dates, which differ on every run. */
  @Override
  public TlsKeyPair selfSignedCertificate(List<String> names, Instant notBefore, Instant notAfter) {
    return new TlsKeyPair("<self-signed certificate for " + String.join(", ", names) + ": made in the cluster>",
        "<its private key: made in the cluster>");
  }

  /** A salted hash differs on every call; rendering shows the same bytes for the same file. */
  @Override
  public String hashPassword(String password) {
    return "<bcrypt hash of the password: made in the cluster>";
  }
}
