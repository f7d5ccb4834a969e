package net.freedommessenger.westchat.healing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.BridgeWorkload;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import net.freedommessenger.westchat.status.Part;
import net.freedommessenger.westchat.status.PartState;
import org.jboss.logging.Logger;

/**
 * Restarts a bridge that stays not Ready, by {@link RestartPolicy}, and says in the Bridges
 * condition what it did and, once it gives up, why the bridge does not start: the pod's state
 * and the bridge's health endpoint. Restarts wait while Synapse is not available, since no
 * Matrix bridge can start without it. Every restart, give-up and recovery is an Event. Once the
 * bridge and Synapse are both Ready, {@link BridgeConnection} checks that Synapse reaches it.
 */
public final class BridgeHealer {

  private static final Logger LOG = Logger.getLogger(BridgeHealer.class);

  private final Clock clock;
  private final BridgeLocator locator;
  private final BridgeConnection connection;

  public BridgeHealer(Clock clock, BridgeLocator locator, SynapseLocator synapse) {
    this.clock = clock;
    this.locator = locator;
    this.connection = new BridgeConnection(synapse, clock);
  }

  /**
   * @param bridges the Bridges condition to report instead of the one judged from the spec, if any
   * @param lookAgainIn when the reconcile must run again although nothing changed
   */
  public record Outcome(Optional<PartState> bridges, Optional<Duration> lookAgainIn) {

    /** The parts, with the Bridges condition replaced when healing has something to say. */
    public List<PartState> applyTo(List<PartState> parts) {
      if (bridges.isEmpty()) {
        return parts;
      }
      List<PartState> result = new ArrayList<>();
      for (PartState part : parts) {
        result.add(part.part() == Part.BRIDGES ? bridges.get() : part);
      }
      return result;
    }
  }

  public Outcome heal(WestchatCommunity community, Context<WestchatCommunity> context) {
    Optional<Deployment> synapse = deployment(context, SynapseObjects.name(community));
    if (synapse.isEmpty() || !WorkloadState.available(synapse.get())) {
      return new Outcome(Optional.empty(), Optional.empty());
    }
    Optional<PartState> state = Optional.empty();
    Optional<Duration> lookAgainIn = Optional.empty();
    for (BridgeWorkload bridge : ActiveBridges.matrixBridges(community)) {
      Optional<Deployment> deployment = deployment(context, bridge.deploymentName());
      if (deployment.isEmpty()) {
        continue;
      }
      Step step = heal(community, context, bridge, deployment.get(), synapse.get());
      state = state.isPresent() ? state : step.state();
      if (step.lookAgainAt() != null) {
        Duration in = Duration.between(clock.instant(), step.lookAgainAt()).plusMillis(200);
        lookAgainIn = Optional.of(lookAgainIn.filter(d -> d.compareTo(in) < 0).orElse(in.isNegative() ? Duration.ZERO : in));
      }
    }
    return new Outcome(state, lookAgainIn);
  }

  record Step(Optional<PartState> state, Instant lookAgainAt) {}

  private Step heal(WestchatCommunity community, Context<WestchatCommunity> context, BridgeWorkload bridge,
      Deployment deployment, Deployment synapse) {
    var settings = community.getSpec().bridges.selfHealing;
    RestartRecord record = RestartRecord.of(deployment);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant unreadySince = unreadySince(deployment, synapse, record);
    RestartPolicy.Decision decision = RestartPolicy.decide(settings, WorkloadState.available(deployment), unreadySince, record, now);
    CommunityEvents events = new CommunityEvents(context.getClient(), clock);
    int max = settings.maxRestarts == null ? 5 : settings.maxRestarts;
    switch (decision.action()) {
      case NONE -> {
        return connection.check(community, context, bridge, deployment, synapse, events);
      }
      case FORGET -> {
        patch(context, deployment, "{\"metadata\":{\"annotations\":{\"" + RestartRecord.RESTARTS + "\":null,\""
            + RestartRecord.LAST_RESTART + "\":null,\"" + RestartRecord.GAVE_UP + "\":null}}}");
        events.normal(community, "BridgeRecovered", bridge.displayName() + " is Ready again after " + record.restarts()
            + " restart(s) by the operator");
        return connection.check(community, context, bridge, deployment, synapse, events);
      }
      case WAIT -> {
        return new Step(record.restarts() == 0 ? Optional.empty() : Optional.of(PartState.pending(Part.BRIDGES,
            "BridgeRestarting", bridge.displayName() + " (Deployment " + bridge.deploymentName() + ") is not Ready; the "
                + "operator restarted it " + record.restarts() + " of at most " + max + " times, last at "
                + record.lastRestart().map(Instant::toString).orElse("?") + ", and looks again at " + decision.lookAgainAt()
                + ".")), decision.lookAgainAt());
      }
      case RESTART -> {
        String why = diagnosis(community, context, bridge);
        patch(context, deployment, "{\"metadata\":{\"annotations\":{\"" + RestartRecord.RESTARTS + "\":\"" + (record.restarts() + 1)
            + "\",\"" + RestartRecord.LAST_RESTART + "\":\"" + now + "\"}},\"spec\":{\"template\":{\"metadata\":"
            + "{\"annotations\":{\"" + RestartRecord.RESTARTED_AT + "\":\"" + now + "\"}}}}}");
        events.normal(community, "BridgeRestarted", bridge.displayName() + " was not Ready for "
            + Duration.between(unreadySince, now).toSeconds() + " s; restart " + (record.restarts() + 1) + " of at most " + max
            + ". Before the restart " + why + ".");
        Instant next = now.plus(RestartPolicy.pause(settings, record.restarts() + 1));
        return new Step(Optional.of(PartState.pending(Part.BRIDGES, "BridgeRestarting", bridge.displayName() + " (Deployment "
            + bridge.deploymentName() + ") is not Ready; the operator restarted it " + (record.restarts() + 1) + " of at most "
            + max + " times, last at " + now + ", and looks again at " + next + ".")), next);
      }
      case GIVE_UP, GAVE_UP -> {
        String why = diagnosis(community, context, bridge);
        if (decision.action() == RestartPolicy.Action.GIVE_UP) {
          patch(context, deployment, "{\"metadata\":{\"annotations\":{\"" + RestartRecord.GAVE_UP + "\":\"" + now + "\"}}}");
          events.warning(community, "BridgeRestartsExhausted", bridge.displayName() + " is still not Ready after " + record.restarts()
              + " restart(s); the operator stops restarting it: " + why + ".");
        }
        return new Step(Optional.of(PartState.failing(Part.BRIDGES, "BridgeRestartsExhausted", bridge.displayName()
            + " (Deployment " + bridge.deploymentName() + ") did not become Ready after " + record.restarts() + " restart(s) "
            + "(spec.bridges.selfHealing.maxRestarts), so the operator stopped restarting it: " + why + ". Once it is Ready "
            + "the count starts again; to have the operator try again now, remove the annotation " + RestartRecord.GAVE_UP
            + " from the Deployment.")), null);
      }
      default -> throw new IllegalStateException(decision.action().toString());
    }
  }

  /**
   * The latest of: the Deployment's creation, the operator's last restart, the bridge becoming
   * not Available, and Synapse becoming Available (a bridge cannot start before it).
   */
  private static Instant unreadySince(Deployment deployment, Deployment synapse, RestartRecord record) {
    return Stream.of(Optional.ofNullable(deployment.getMetadata().getCreationTimestamp()).map(Instant::parse),
            record.lastRestart(), WorkloadState.availableSince(deployment, "False"), WorkloadState.availableSince(synapse, "True"))
        .flatMap(Optional::stream).max(Instant::compareTo).orElse(Instant.EPOCH);
  }

  /** The pod's state, and the health endpoint's answer where the bridge has one. */
  private String diagnosis(WestchatCommunity community, Context<WestchatCommunity> context, BridgeWorkload bridge) {
    String pods;
    try {
      // read only when about to act, with the bridge's own labels: no watch on every pod of the cluster
      List<Pod> list = context.getClient().pods().inNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, bridge.component())).list().getItems();
      pods = PodDiagnosis.describe(list);
    } catch (KubernetesClientException e) {
      LOG.warnf("could not list the pods of %s: %s", bridge.deploymentName(), e.getMessage());
      pods = "its pods could not be read (" + e.getCode() + ")";
    }
    return bridge.hasHealthEndpoint() ? pods + "; " + HealthEndpoint.ask(locator.healthUrl(community, bridge)) : pods;
  }

  /** On the object from the cache: by name alone, the client would read it from the server first (get). */
  private static void patch(Context<WestchatCommunity> context, Deployment deployment, String mergePatch) {
    context.getClient().apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
        .resource(deployment).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private static Optional<Deployment> deployment(Context<WestchatCommunity> context, String name) {
    return context.getSecondaryResourcesAsStream(Deployment.class).filter(d -> name.equals(d.getMetadata().getName())).findFirst();
  }
}
