package net.freedommessenger.westchat.model.secrets;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys a generated Secret must hold, and the rule that makes them generate-once: a key that
 * already has a value keeps it; only missing keys get a new one.
 */
public final class SecretKeys {

  private final Map<String, SecretKind> kinds = new LinkedHashMap<>();

  public SecretKeys with(String key, SecretKind kind) {
    kinds.put(key, kind);
    return this;
  }

  public Map<String, SecretKind> kinds() {
    return kinds;
  }

  /**
   * The base64 data a Secret should hold, given what it holds now.
   *
   * @param existing the Secret's current data (base64 values), empty or null if there is none
   */
  public Map<String, String> complete(Map<String, String> existing, SecretGenerator generator) {
    Map<String, String> data = new TreeMap<>();
    if (existing != null) {
      data.putAll(existing);
    }
    kinds.forEach((key, kind) -> {
      String current = data.get(key);
      if (current == null || current.isEmpty()) {
        data.put(key, Base64.getEncoder().encodeToString(generator.generate(kind).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    });
    return data;
  }
}
