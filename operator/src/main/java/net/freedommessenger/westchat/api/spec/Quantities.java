package net.freedommessenger.westchat.api.spec;

/** CEL rules for quantities, so a typo like "10GB" is refused before anything is created. */
final class Quantities {

  static final String STORAGE_RULE = "self.matches('^[0-9]+([.][0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$')";
  static final String STORAGE_MESSAGE = "must be a storage size such as 500Mi, 10Gi or 1Ti";
  static final String CPU_RULE = "self.matches('^[0-9]+([.][0-9]+)?m?$')";
  static final String CPU_MESSAGE = "must be a CPU amount such as 250m or 1";
  static final String DURATION_RULE = "self.matches('^[0-9]+(s|m|h)$')";
  static final String DURATION_MESSAGE = "must be a duration such as 90s, 5m or 1h";

  private Quantities() {}
}
