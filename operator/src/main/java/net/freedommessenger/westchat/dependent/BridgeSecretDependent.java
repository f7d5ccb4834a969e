package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.healing.DriftRepair;

/**
 * A Matrix bridge's tokens and registration, kept when the community switches to the other bridge.
 * A token rotated by hand is kept; the registration is rewritten from the tokens (Synapse and the
 * bridge then roll), and the repair is an Event.
 */
abstract class BridgeSecretDependent extends KeptSecretDependent {

  @Override
  public Secret create(Secret desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.recreating(community, desired, context.getClient());
    return super.create(desired, community, context);
  }

  @Override
  public Secret update(Secret actual, Secret desired, WestchatCommunity community, Context<WestchatCommunity> context) {
    DriftRepair.restoring(community, desired, context.getClient(), "did not hold what its tokens make (a registration file "
        + "edited by hand, a rotated token or a removed key); the operator wrote it again, keeping the tokens it holds");
    return super.update(actual, desired, community, context);
  }
}
