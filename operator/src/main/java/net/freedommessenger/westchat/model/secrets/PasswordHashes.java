package net.freedommessenger.westchat.model.secrets;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * bcrypt hashes in the "$2a$" form that Go's bcrypt package (and so Ergo) reads. A hash has a random
 * salt, so two processes hashing the same password give two different strings: whoever must stay
 * unchanged across reconciles keeps an existing hash while {@link #verifies} says it still fits.
 */
public final class PasswordHashes {

  /**
   * bcrypt's lowest cost (Go's MinCost, Ergo's own default for account passwords). A higher one buys
   * nothing here: the hash sits in Ergo's config Secret beside the account Secret that holds the
   * password itself, so whoever reads the hash reads the password; and the generated passwords are
   * long random strings. Cost 10 made the hashes most of the operator's CPU while communities started.
   */
  public static final int COST = 4;

  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
  private static final int REMEMBERED = 1024;

  /**
   * Checking a hash costs tens of milliseconds on purpose, and a reconcile checks every oper.
   * Outcomes are remembered by a SHA-256 of hash and password, never by the password itself.
   */
  private static final Map<String, Boolean> CHECKED = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      });

  /**
   * The hash made for a password, by a SHA-256 of the password: until the Secret that keeps a new
   * hash reaches the informers' cache, reconciles render the config again, and each would pay for
   * a new hash (bcrypt's cost, most of the operator's CPU when many communities start, as the
   * benchmark showed) and write different bytes.
   */
  private static final Map<String, String> MADE = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED;
        }
      });

  private PasswordHashes() {}

  /**
   * A hash with a fresh salt, or the one this process made for the same password before.
   *
   * @throws IllegalArgumentException for a password longer than bcrypt reads (71 bytes in UTF-8)
   */
  public static String bcrypt(String password) {
    return MADE.computeIfAbsent(digest("", password), key -> {
      String hash = newHash(password);
      CHECKED.put(digest(hash, password), true);
      return hash;
    });
  }

  private static String newHash(String password) {
    try {
      return BCrypt.with(VERSION, LongPasswordStrategies.strict(VERSION))
          .hashToString(COST, password.toCharArray());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a password is longer than the 71 bytes bcrypt can hash; shorten it", e);
    }
  }

  /** Whether the hash was made from this password; false for anything that is not a bcrypt hash. */
  public static boolean verifies(String password, String hash) {
    if (password == null || hash == null || !hash.startsWith("$2")) {
      return false;
    }
    return CHECKED.computeIfAbsent(digest(hash, password),
        key -> BCrypt.verifyer(VERSION, LongPasswordStrategies.strict(VERSION))
            .verify(password.toCharArray(), hash.toCharArray()).verified);
  }

  private static String digest(String hash, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(hash.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(password.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
