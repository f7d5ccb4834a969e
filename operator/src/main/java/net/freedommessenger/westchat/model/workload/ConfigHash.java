package net.freedommessenger.westchat.model.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of a workload's configuration, put on its pod template so that a config change rolls
 * the pods and an unchanged config leaves them alone.
 */
public final class ConfigHash {

  public static final String ANNOTATION = "westchat.freedom-messenger.net/config-hash";
  /** A digest of the certificate Secret a server reads at start, so a renewed certificate restarts it. */
  public static final String CERTIFICATE_ANNOTATION = "westchat.freedom-messenger.net/certificate-hash";

  private ConfigHash() {}

  public static String of(Map<String, String> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
        digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(file.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
