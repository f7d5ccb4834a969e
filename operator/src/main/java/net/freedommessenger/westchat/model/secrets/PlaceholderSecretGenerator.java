package net.freedommessenger.westchat.model.secrets;

/** Stands in for secret values where nothing may be generated, such as {@code westchat render}. */
public final class PlaceholderSecretGenerator implements SecretGenerator {

  @Override
  public String generate(SecretKind kind) {
    return "<" + kind.describe() + ": generated once in the cluster>";
  }

  /** A salted hash differs on every call; rendering shows the same bytes for the same file. */
  @Override
  public String hashPassword(String password) {
    return "<bcrypt hash of the password: made in the cluster>";
  }
}
