package net.freedommessenger.westchat.cli;

import static net.freedommessenger.westchat.cli.StatusFixtures.condition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A condition's status, and the reasons that change its meaning, in three words. */
class PartVerdictTest {

  @Test
  void statusTrueWorksUnknownStartsFalseDoesNotWork() {
    assertEquals(PartVerdict.WORKS, PartVerdict.of(condition("Matrix", "True", "Running", "")));
    assertEquals(PartVerdict.STARTING, PartVerdict.of(condition("Matrix", "Unknown", "SynapseCreating", "")));
    assertEquals(PartVerdict.NOT_WORKING, PartVerdict.of(condition("Matrix", "False", "DatabaseNotReady", "")));
  }

  @Test
  void readyIsFalseWhileNothingFailsButPartsStart() {
    assertEquals(PartVerdict.STARTING, PartVerdict.of(condition("Ready", "False", "PartsPending", "")));
    assertEquals(PartVerdict.NOT_WORKING, PartVerdict.of(condition("Ready", "False", "PartsFailing", "")));
  }

  @Test
  void aDisabledPartIsSwitchedOffAndAMissingOneNotYetKnown() {
    assertEquals(PartVerdict.SWITCHED_OFF, PartVerdict.of(condition("XMPP", "True", "Disabled", "")));
    assertEquals(PartVerdict.STARTING, PartVerdict.of(null));
  }
}
