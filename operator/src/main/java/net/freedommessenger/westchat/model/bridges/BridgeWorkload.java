package net.freedommessenger.westchat.model.bridges;

import java.util.Map;
import java.util.Optional;

/**
 * A Matrix bridge as self-healing sees it, whatever its implementation: the Deployment that runs
 * it, the Secret holding the registration it shares with Synapse, and its health endpoint.
 *
 * @param component the component label value, such as "appservice-irc"
 * @param displayName how people know the bridge, such as "matrix-appservice-irc"
 * @param deploymentName its Deployment; its Service has the same name
 * @param registrationSecret the Secret holding its registration
 * @param registration the registration that Secret must hold, from the values it holds now
 * @param healthPort port of an HTTP health endpoint on its Service, or 0 when it has none
 * @param healthPath path of that endpoint
 */
public record BridgeWorkload(String component, String displayName, String deploymentName, String registrationSecret,
    Registration registration, int healthPort, String healthPath) {

  /**
   * The registration file a bridge's Secret must hold, computed from the tokens it holds (not read
   * from the file, which a hand edit may have changed and the operator is about to put back).
   */
  @FunctionalInterface
  public interface Registration {
    /** @param secretData the Secret's data as stored (base64); empty while the tokens are not there */
    Optional<String> from(Map<String, String> secretData);
  }

  public boolean hasHealthEndpoint() {
    return healthPort > 0;
  }
}
