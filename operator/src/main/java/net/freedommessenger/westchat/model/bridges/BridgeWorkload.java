package net.freedommessenger.westchat.model.bridges;

/**
 * A Matrix bridge as self-healing sees it, whatever its implementation: the Deployment that runs
 * it, the Secret key holding the registration it shares with Synapse, and its health endpoint.
 *
 * @param component the component label value, such as "appservice-irc"
 * @param displayName how people know the bridge, such as "matrix-appservice-irc"
 * @param deploymentName its Deployment; its Service has the same name
 * @param registrationSecret the Secret holding its registration
 * @param registrationKey the key of the registration file in that Secret
 * @param healthPort port of an HTTP health endpoint on its Service, or 0 when it has none
 * @param healthPath path of that endpoint
 */
public record BridgeWorkload(String component, String displayName, String deploymentName, String registrationSecret,
    String registrationKey, int healthPort, String healthPath) {

  public boolean hasHealthEndpoint() {
    return healthPort > 0;
  }
}
