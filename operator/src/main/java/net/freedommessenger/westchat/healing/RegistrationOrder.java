package net.freedommessenger.westchat.healing;

import java.util.Optional;

/**
 * In which order Synapse and a bridge load a changed registration. Synapse reads registrations
 * only at start and refuses a bridge whose token it does not know, so it goes first; the bridge
 * keeps the registration it runs with until Synapse runs with the new one, then rolls.
 */
public final class RegistrationOrder {

  private RegistrationOrder() {}

  /**
   * @param bridgeRuns the registration digest on the bridge's pod template now, if any
   * @param bridgeWants the digest of the registration in its Secret
   * @param synapseWants the digest of every registration Synapse should load
   * @param synapseRuns the digest Synapse's pods run with, once its rollout is complete
   * @return the digest to put on the bridge's pod template
   */
  public static String bridgeDigest(Optional<String> bridgeRuns, String bridgeWants, Optional<String> synapseWants,
      Optional<String> synapseRuns) {
    if (bridgeRuns.isEmpty() || bridgeRuns.get().equals(bridgeWants)) {
      return bridgeWants;
    }
    return synapseWants.isPresent() && synapseWants.equals(synapseRuns) ? bridgeWants : bridgeRuns.get();
  }
}
