package net.freedommessenger.westchat.model.bridges;

import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.model.workload.ConfigHash;

/**
 * A digest of the registrations a pod loaded at start. Synapse and the bridges read their
 * registration files only when they start, so both pod templates carry the digest: a changed
 * registration (a rotated token, a repaired Secret) rolls Synapse, and then the bridge.
 */
public final class RegistrationHash {

  public static final String ANNOTATION = "westchat.freedom-messenger.net/registration-hash";

  private RegistrationHash() {}

  /** The digest of one bridge's registration file. */
  public static String of(String registration) {
    return ConfigHash.of(Map.of("registration", registration));
  }

  /** The digest of every registration Synapse loads, by bridge component; order-independent. */
  public static String ofAll(Map<String, String> registrationsByComponent) {
    return ConfigHash.of(new TreeMap<>(registrationsByComponent));
  }
}
