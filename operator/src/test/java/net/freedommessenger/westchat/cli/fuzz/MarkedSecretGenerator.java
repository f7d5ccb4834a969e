package net.freedommessenger.westchat.cli.fuzz;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretKind;
import net.freedommessenger.westchat.model.secrets.TlsKeyPair;

/**
 * Gives every secret value a mark no spec can contain by chance, and remembers them, so a test
 * can look for them where no secret belongs. Certificates are public; their keys are not.
 */
public final class MarkedSecretGenerator implements SecretGenerator {

  private final List<String> made = new ArrayList<>();

  @Override
  public String generate(SecretKind kind) {
    return mark(kind.name());
  }

  @Override
  public TlsKeyPair selfSignedCertificate(List<String> names, Instant notBefore, Instant notAfter) {
    return new TlsKeyPair("certificate for " + String.join(",", names), mark("TLS_KEY"));
  }

  @Override
  public String hashPassword(String password) {
    return mark("HASH");
  }

  public List<String> values() {
    return List.copyOf(made);
  }

  private String mark(String what) {
    String value = "SECRET-MARK-" + what + "-" + made.size() + "-8f3a1c";
    made.add(value);
    return value;
  }
}
