package net.freedommessenger.westchat.healing;

import java.time.Duration;
import java.time.Instant;
import net.freedommessenger.westchat.api.spec.SelfHealing;

/**
 * When a bridge that is not Ready gets restarted: after spec.bridges.selfHealing.restartAfter,
 * then after pauses that double (restartAfter x 2, x 4, ...; at most an hour), and after
 * maxRestarts restarts in a row no more: the next time it would be due, the operator gives up.
 */
public final class RestartPolicy {

  static final Duration LONGEST_PAUSE = Duration.ofHours(1);

  public enum Action {
    /** Ready, nothing recorded. */
    NONE,
    /** Ready again after restarts: forget them. */
    FORGET,
    /** Not Ready, but not for long enough: look again at {@link Decision#lookAgainAt}. */
    WAIT,
    RESTART,
    GIVE_UP,
    /** Given up before: nothing more until it is Ready. */
    GAVE_UP
  }

  public record Decision(Action action, Instant lookAgainAt) {}

  private RestartPolicy() {}

  /**
   * @param unreadySince when the bridge last became not Ready (or was started or restarted)
   */
  public static Decision decide(SelfHealing settings, boolean ready, Instant unreadySince, RestartRecord record, Instant now) {
    if (ready) {
      return new Decision(record.isEmpty() ? Action.NONE : Action.FORGET, null);
    }
    if (record.gaveUp().isPresent()) {
      return new Decision(Action.GAVE_UP, null);
    }
    Instant due = unreadySince.plus(pause(settings, record.restarts()));
    if (now.isBefore(due)) {
      return new Decision(Action.WAIT, due);
    }
    int max = settings.maxRestarts == null ? 5 : settings.maxRestarts;
    return new Decision(record.restarts() >= max ? Action.GIVE_UP : Action.RESTART, null);
  }

  /** The pause before restart number restartsMade + 1. */
  public static Duration pause(SelfHealing settings, int restartsMade) {
    Duration first = restartAfter(settings);
    Duration longest = first.compareTo(LONGEST_PAUSE) > 0 ? first : LONGEST_PAUSE;
    Duration pause = first;
    for (int i = 0; i < restartsMade && pause.compareTo(longest) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(longest) > 0 ? longest : pause;
  }

  /** "90s", "5m" or "1h", as the CRD allows. */
  public static Duration restartAfter(SelfHealing settings) {
    String text = settings.restartAfter == null ? "5m" : settings.restartAfter.trim();
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> throw new IllegalArgumentException("spec.bridges.selfHealing.restartAfter: " + text);
    };
  }
}
