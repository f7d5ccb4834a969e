package net.freedommessenger.westchat.model.secrets;

import java.util.Map;

/** The data Secrets hold now, by name: from the informer cache in the cluster, nothing when rendering. */
@FunctionalInterface
public interface ExistingSecrets {

  ExistingSecrets NONE = name -> Map.of();

  /** Base64 data of the named Secret, or an empty map when it does not exist. */
  Map<String, String> dataOf(String secretName);
}
