package net.freedommessenger.westchat.healing;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.BridgeWorkload;
import net.freedommessenger.westchat.model.bridges.RegistrationHash;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;

/**
 * Keeps Synapse and each bridge running with the registration in the bridge's Secret, by a digest
 * of it on both pod templates, read from the informer caches: Synapse rolls first, the bridge once
 * Synapse runs with the new registration ({@link RegistrationOrder}). Each roll is an Event.
 */
public final class RegistrationRollout {

  private RegistrationRollout() {}

  /** Puts the digest of every active bridge's registration on Synapse's desired pod template. */
  public static Deployment annotateSynapse(Deployment synapse, WestchatCommunity community, Context<WestchatCommunity> context) {
    synapseWants(community, context).ifPresent(digest -> WorkloadState.podAnnotations(synapse).put(RegistrationHash.ANNOTATION, digest));
    return synapse;
  }

  /** Puts on the bridge's desired pod template the digest it may run with now. */
  public static Deployment annotateBridge(Deployment bridge, WestchatCommunity community, BridgeWorkload workload,
      Context<WestchatCommunity> context) {
    Optional<String> runs = deployment(context, workload.deploymentName())
        .flatMap(d -> WorkloadState.podAnnotation(d, RegistrationHash.ANNOTATION));
    Optional<String> wants = registration(context, workload).map(RegistrationHash::of);
    Optional<String> digest = wants.isEmpty() ? runs : Optional.of(RegistrationOrder.bridgeDigest(runs, wants.get(),
        synapseWants(community, context), deployment(context, SynapseObjects.name(community)).filter(WorkloadState::rolledOut)
            .flatMap(d -> WorkloadState.podAnnotation(d, RegistrationHash.ANNOTATION))));
    digest.ifPresent(d -> WorkloadState.podAnnotations(bridge).put(RegistrationHash.ANNOTATION, d));
    return bridge;
  }

  /** An Event when an update changes the registration a workload runs with (not when it gets its first). */
  public static void recordRoll(Deployment actual, Deployment desired, WestchatCommunity community, String message,
      Context<WestchatCommunity> context) {
    if (changesRegistration(actual, desired)) {
      new CommunityEvents(context.getClient(), Clock.systemUTC()).normal(community, "RegistrationRollout",
          message + " (Deployment " + actual.getMetadata().getName() + ")");
    }
  }

  /** The update rolls the workload onto another registration than the one it runs with. */
  public static boolean changesRegistration(Deployment actual, Deployment desired) {
    Optional<String> before = WorkloadState.podAnnotation(actual, RegistrationHash.ANNOTATION);
    Optional<String> after = WorkloadState.podAnnotation(desired, RegistrationHash.ANNOTATION);
    return before.isPresent() && after.isPresent() && !before.equals(after);
  }

  /** The update only adds the digest to a workload made before its bridge's Secret was there: not a repair. */
  public static boolean addsFirstRegistration(Deployment actual, Deployment desired) {
    return WorkloadState.podAnnotation(actual, RegistrationHash.ANNOTATION).isEmpty()
        && WorkloadState.podAnnotation(desired, RegistrationHash.ANNOTATION).isPresent();
  }

  private static Optional<String> synapseWants(WestchatCommunity community, Context<WestchatCommunity> context) {
    Map<String, String> registrations = new TreeMap<>();
    for (BridgeWorkload bridge : ActiveBridges.matrixBridges(community)) {
      registration(context, bridge).ifPresent(r -> registrations.put(bridge.component(), r));
    }
    return registrations.isEmpty() ? Optional.empty() : Optional.of(RegistrationHash.ofAll(registrations));
  }

  /** From the tokens in the Secret, so a hand-edited file that is about to be put back rolls nothing. */
  static Optional<String> registration(Context<WestchatCommunity> context, BridgeWorkload bridge) {
    return context.getSecondaryResourcesAsStream(Secret.class)
        .filter(s -> bridge.registrationSecret().equals(s.getMetadata().getName()))
        .map(Secret::getData).filter(d -> d != null).findFirst().flatMap(d -> bridge.registration().from(d));
  }

  private static Optional<Deployment> deployment(Context<WestchatCommunity> context, String name) {
    return context.getSecondaryResourcesAsStream(Deployment.class).filter(d -> name.equals(d.getMetadata().getName())).findFirst();
  }
}
