package net.freedommessenger.westchat.model.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;

/** Builds a Secret whose generated keys keep the values they already have. */
public final class KeptSecret {

  private KeptSecret() {}

  public static Secret build(String name, String namespace, Map<String, String> labels, SecretKeys keys,
      ExistingSecrets existing, SecretGenerator generator) {
    return new SecretBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(namespace)
          .withLabels(labels)
        .endMetadata()
        .withType("Opaque")
        .withData(keys.complete(existing.dataOf(name), generator))
        .build();
  }
}
