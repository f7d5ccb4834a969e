package net.freedommessenger.westchat.healing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.matrix.AppservicePing;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.bridges.BridgeWorkload;
import net.freedommessenger.westchat.status.Part;
import net.freedommessenger.westchat.status.PartState;

/**
 * After Synapse or a bridge (re)starts, checks that Synapse reaches the bridge, through Synapse's
 * appservice ping. Synapse pushes events to a bridge and, while the bridge does not answer, retries
 * with pauses that double up to about eight and a half minutes; a bridge that comes back (or a
 * Synapse that comes back while the bridge was away) would wait that long for what was queued. A
 * successful ping makes Synapse resend at once. A failed one is reported in the Bridges condition
 * and asked again every minute.
 *
 * <p>Which restarts were checked is kept in memory: after an operator restart every pair is checked
 * once more, which costs one ping; a failure the status already reports is not recorded again.
 */
final class BridgeConnection {

  static final Duration ASK_AGAIN = Duration.ofMinutes(1);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final SynapseLocator synapse;
  private final Clock clock;
  /** By community and bridge: the Synapse and bridge starts last found connected. */
  private final Map<String, String> connected = new ConcurrentHashMap<>();
  /** By community and bridge: the starts a failure was last recorded for, so it is recorded once. */
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  BridgeConnection(SynapseLocator synapse, Clock clock) {
    this.synapse = synapse;
    this.clock = clock;
  }

  BridgeHealer.Step check(WestchatCommunity community, Context<WestchatCommunity> context, BridgeWorkload bridge,
      Deployment deployment, Deployment synapseDeployment, CommunityEvents events) {
    String key = community.getMetadata().getUid() + "/" + bridge.component();
    String starts = start(synapseDeployment) + " " + start(deployment);
    if (starts.equals(connected.get(key))) {
      return new BridgeHealer.Step(Optional.empty(), null);
    }
    Optional<JsonNode> registration = RegistrationRollout.registration(context, bridge).flatMap(BridgeConnection::parse);
    if (registration.isEmpty()) {
      return new BridgeHealer.Step(Optional.empty(), null);
    }
    AppservicePing.Result result = AppservicePing.ping(synapse.baseUrl(community), registration.get().path("id").asText(),
        registration.get().path("as_token").asText());
    if (result.reached()) {
      String before = connected.put(key, starts);
      reported.remove(key);
      if (before != null) {
        events.normal(community, "BridgeConnectionChecked", "After a restart of Synapse or " + bridge.displayName() + ", "
            + result.detail() + "; what Synapse queued for the bridge meanwhile is sent now");
      }
      return new BridgeHealer.Step(Optional.empty(), null);
    }
    // after an operator restart the memory is empty, but a status that says so already was recorded
    // with its Event: recording it again would be a write on every start
    if (!starts.equals(reported.put(key, starts)) && !statusSaysSo(community)) {
      events.warning(community, "SynapseCannotReachBridge", bridge.displayName() + " is Ready but Synapse does not reach it: "
          + result.detail());
    }
    return new BridgeHealer.Step(Optional.of(PartState.failing(Part.BRIDGES, "SynapseCannotReachBridge", bridge.displayName()
        + " (Deployment " + bridge.deploymentName() + ") is Ready, but Synapse does not reach it, so no Matrix message gets "
        + "to IRC: " + result.detail() + ". Check the bridge's Service and its registration (the Secret "
        + bridge.registrationSecret() + "); the operator asks again every minute.")), clock.instant().plus(ASK_AGAIN));
  }

  private static boolean statusSaysSo(WestchatCommunity community) {
    return community.getStatus() != null && community.getStatus().conditions != null && community.getStatus().conditions.stream()
        .anyMatch(c -> Part.BRIDGES.conditionType().equals(c.type) && "SynapseCannotReachBridge".equals(c.reason));
  }

  /** When the workload last became Available, or its generation when the controller wrote no condition. */
  private static String start(Deployment deployment) {
    return deployment.getMetadata().getUid() + "/" + deployment.getMetadata().getGeneration() + "/"
        + WorkloadState.availableSince(deployment, "True").map(Object::toString).orElse("");
  }

  private static Optional<JsonNode> parse(String registration) {
    try {
      JsonNode node = YAML.readTree(registration);
      return node.hasNonNull("id") && node.hasNonNull("as_token") ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
