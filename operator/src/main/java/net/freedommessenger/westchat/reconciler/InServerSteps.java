package net.freedommessenger.westchat.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.freedommessenger.westchat.api.WestchatCommunity;
import org.jboss.logging.Logger;

/**
 * Runs the work inside the chat servers (accounts, rooms, relays, moderation, bridge checks) off
 * the reconcile thread, so a reconcile applies Kubernetes objects and status without waiting on
 * any server, and a server that does not answer holds up only its own community.
 *
 * <p>Per community, one run at a time: a reconcile asks for a run and goes on with the outcome of
 * the last one. A run that ends with a different outcome, or that was asked for again while it
 * ran, triggers a reconcile through {@link #events()}. A run whose outcome asks to retry (a server
 * refused or did not answer) makes the next one wait, 5 s doubling to 2 min; a run that went well
 * resets that. Each server call has its client's own short timeout (Synapse 10 s, IRC 15 s).
 *
 * <p>Why this and not JOSDK's external dependent resources with polling, or a second controller:
 * the steps are not independent resources with a desired state each (rooms need the admins, relays
 * need the rooms on both sides, moderation needs what runs), polling would ask every server on a
 * timer while nothing changes, and a second controller would watch the same objects to judge the
 * same readiness again. One runner keeps today's steps, in their order, and moves only where they run.
 */
final class InServerSteps {

  private static final Logger LOG = Logger.getLogger(InServerSteps.class);
  private static final int THREADS = 4;
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

  /** What the last run found, with when it ended and when the next may start. */
  record Finished(InServerOutcome outcome, String inputs, Instant at, Instant nextAllowed, Duration backoff) {}

  private final Clock clock;
  private final SimpleInboundEventSource<WestchatCommunity> events = new SimpleInboundEventSource<>("in-server-steps");
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, new Threads());
  private final Map<ResourceID, Finished> finished = new ConcurrentHashMap<>();
  /** Communities with a run in flight; true when a reconcile asked again meanwhile. */
  private final Map<ResourceID, Boolean> running = new ConcurrentHashMap<>();

  InServerSteps(Clock clock) {
    this.clock = clock;
  }

  /** The event source through which a finished run triggers its community's reconcile. */
  SimpleInboundEventSource<WestchatCommunity> events() {
    return events;
  }

  /** What the last run for this community found, if one ended since the operator started. */
  Optional<Finished> last(WestchatCommunity community) {
    return Optional.ofNullable(finished.get(ResourceID.fromResource(community)));
  }

  /**
   * Starts a run of the steps for the community, unless one runs (then it runs again after) or the
   * back-off holds it (then the answer says how long).
   *
   * @param inputs what the steps depend on in Kubernetes (the spec's generation, which servers are
   *     ready), so a change there lifts the back-off
   * @return how long until a run may start, when it could not start now
   */
  Optional<Duration> ask(WestchatCommunity community, String inputs, Supplier<InServerOutcome> steps) {
    ResourceID id = ResourceID.fromResource(community);
    Finished last = finished.get(id);
    Instant now = clock.instant();
    // the back-off holds while nothing the steps depend on changed: a server that did not answer
    // is asked again later, but a pod that turned Ready, or a new spec, is acted on at once
    if (last != null && inputs.equals(last.inputs()) && now.isBefore(last.nextAllowed())) {
      return Optional.of(Duration.between(now, last.nextAllowed()));
    }
    boolean[] start = {false};
    running.compute(id, (key, askedAgain) -> {
      start[0] = askedAgain == null;
      return askedAgain != null;
    });
    if (start[0]) {
      pool.execute(() -> run(id, inputs, steps, last));
    }
    return Optional.empty();
  }

  /** Forgets a community that was deleted. */
  void forget(WestchatCommunity community) {
    finished.remove(ResourceID.fromResource(community));
  }

  private void run(ResourceID id, String inputs, Supplier<InServerOutcome> steps, Finished before) {
    InServerOutcome outcome;
    try {
      outcome = steps.get();
    } catch (RuntimeException e) {
      LOG.warnf(e, "the in-server steps of %s failed", id);
      outcome = before != null ? before.outcome().withRetry() : InServerOutcome.failed();
    }
    Instant now = clock.instant();
    Duration backoff = !outcome.retry() ? Duration.ZERO
        : before == null || before.backoff().isZero() || !inputs.equals(before.inputs()) ? FIRST_BACKOFF
        : before.backoff().multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : before.backoff().multipliedBy(2);
    finished.put(id, new Finished(outcome, inputs, now, now.plus(backoff), backoff));
    boolean askedAgain = Boolean.TRUE.equals(running.remove(id));
    boolean changed = before == null || !before.outcome().sameAs(outcome);
    if (changed || askedAgain) {
      events.propagateEvent(id);
    }
  }

  void close() {
    pool.shutdownNow();
  }

  /** Daemon threads, named for thread dumps. */
  private static final class Threads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "in-server-steps-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
