package net.freedommessenger.westchat.model.secrets;

/** Makes a new secret value. The cluster uses cryptographic randomness; rendering uses placeholders. */
public interface SecretGenerator {

  String generate(SecretKind kind);
}
