package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;

/** A generated Secret: the desired data is what the Secret holds now, plus values for missing keys. */
public abstract class KeptSecretDependent extends DataDependent<Secret> {

  private final SecretGenerator generator = new RandomSecretGenerator();

  protected KeptSecretDependent() {
    super(Secret.class);
  }

  /** The model's Secret for this community, built on the values that exist. */
  protected abstract Secret desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator);

  @Override
  protected Secret desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    Map<String, String> current = getSecondaryResource(community, context)
        .map(Secret::getData).orElse(Map.of());
    return desired(community, name -> current, generator);
  }
}
