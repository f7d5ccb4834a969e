package net.freedommessenger.westchat.healing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.freedommessenger.westchat.api.spec.SelfHealing;
import net.freedommessenger.westchat.healing.RestartPolicy.Action;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static SelfHealing settings(String restartAfter, int maxRestarts) {
    SelfHealing settings = new SelfHealing();
    settings.restartAfter = restartAfter;
    settings.maxRestarts = maxRestarts;
    return settings;
  }

  static RestartRecord restarted(int times, Instant last) {
    return new RestartRecord(times, Optional.of(last), Optional.empty());
  }

  @Test
  void readsTheDurationsTheCrdAllows() {
    assertEquals(Duration.ofSeconds(90), RestartPolicy.restartAfter(settings("90s", 5)));
    assertEquals(Duration.ofMinutes(5), RestartPolicy.restartAfter(new SelfHealing()));
    assertEquals(Duration.ofHours(1), RestartPolicy.restartAfter(settings("1h", 5)));
  }

  @Test
  void aBridgeNotReadyForLessThanTheThresholdIsLeftAlone() {
    var decision = RestartPolicy.decide(settings("5m", 5), false, T0, RestartRecord.NONE, T0.plusSeconds(299));
    assertEquals(Action.WAIT, decision.action());
    assertEquals(T0.plusSeconds(300), decision.lookAgainAt());
  }

  @Test
  void aBridgeNotReadyForTheThresholdIsRestarted() {
    assertEquals(Action.RESTART, RestartPolicy.decide(settings("5m", 5), false, T0, RestartRecord.NONE, T0.plusSeconds(300)).action());
  }

  @Test
  void pausesDoubleAfterEachRestartUpToAnHour() {
    SelfHealing settings = settings("10m", 10);
    assertEquals(Duration.ofMinutes(10), RestartPolicy.pause(settings, 0));
    assertEquals(Duration.ofMinutes(20), RestartPolicy.pause(settings, 1));
    assertEquals(Duration.ofMinutes(40), RestartPolicy.pause(settings, 2));
    assertEquals(Duration.ofHours(1), RestartPolicy.pause(settings, 3));
    assertEquals(Duration.ofHours(1), RestartPolicy.pause(settings, 60));
    assertEquals(Duration.ofHours(2), RestartPolicy.pause(settings("2h", 3), 2), "a threshold above an hour is not cut");
    var decision = RestartPolicy.decide(settings, false, T0, restarted(2, T0), T0.plusSeconds(60));
    assertEquals(Action.WAIT, decision.action());
    assertEquals(T0.plus(Duration.ofMinutes(40)), decision.lookAgainAt());
  }

  @Test
  void afterMaxRestartsTheOperatorGivesUpOnceAndThenWaitsForReady() {
    SelfHealing settings = settings("1s", 2);
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(settings, false, T0, restarted(2, T0), T0.plusSeconds(4)).action());
    var gaveUp = new RestartRecord(2, Optional.of(T0), Optional.of(T0.plusSeconds(4)));
    assertEquals(Action.GAVE_UP, RestartPolicy.decide(settings, false, T0, gaveUp, T0.plusSeconds(3600)).action());
    assertEquals(Action.FORGET, RestartPolicy.decide(settings, true, T0, gaveUp, T0.plusSeconds(3600)).action());
  }

  @Test
  void zeroMaxRestartsNeverRestartsButStillSaysWhy() {
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(settings("5m", 0), false, T0, RestartRecord.NONE, T0.plusSeconds(300)).action());
  }

  @Test
  void aReadyBridgeWithNothingRecordedNeedsNothing() {
    assertEquals(Action.NONE, RestartPolicy.decide(settings("5m", 5), true, T0, RestartRecord.NONE, T0).action());
  }
}
