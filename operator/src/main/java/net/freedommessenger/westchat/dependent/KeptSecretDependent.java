package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
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

  /**
   * Reads the current values straight from this dependent's informer cache: asking the framework
   * for the secondary resource would compute the desired state again, from within itself.
   */
  @Override
  protected Secret desired(WestchatCommunity community, Context<WestchatCommunity> context) {
    String namespace = community.getMetadata().getNamespace();
    return desired(community, name -> eventSource().orElseThrow().get(new ResourceID(name, namespace))
        .map(Secret::getData).filter(data -> data != null).orElse(Map.of()), generator);
  }
}
