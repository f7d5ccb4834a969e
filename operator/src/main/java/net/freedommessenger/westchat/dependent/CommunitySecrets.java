package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;

/** The Secrets of a community as the informers of every Secret dependent see them, by name. */
final class CommunitySecrets {

  private CommunitySecrets() {}

  static Optional<Secret> named(Context<WestchatCommunity> context, String name) {
    return context.getSecondaryResourcesAsStream(Secret.class).filter(s -> name.equals(s.getMetadata().getName())).findFirst();
  }

  static ExistingSecrets of(Context<WestchatCommunity> context) {
    return name -> named(context, name).map(Secret::getData).filter(data -> data != null).orElse(Map.of());
  }
}
