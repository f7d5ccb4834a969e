package net.freedommessenger.westchat.healing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrationOrderTest {

  @Test
  void aNewBridgeStartsWithTheRegistrationInItsSecret() {
    assertEquals("new", RegistrationOrder.bridgeDigest(Optional.empty(), "new", Optional.of("s-new"), Optional.empty()));
  }

  @Test
  void theBridgeKeepsItsRegistrationWhileSynapseHasNotRolledOutTheNewOne() {
    assertEquals("old", RegistrationOrder.bridgeDigest(Optional.of("old"), "new", Optional.of("s-new"), Optional.empty()));
    assertEquals("old", RegistrationOrder.bridgeDigest(Optional.of("old"), "new", Optional.of("s-new"), Optional.of("s-old")));
  }

  @Test
  void theBridgeRollsOnceSynapseRunsWithTheNewRegistration() {
    assertEquals("new", RegistrationOrder.bridgeDigest(Optional.of("old"), "new", Optional.of("s-new"), Optional.of("s-new")));
  }

  @Test
  void anUnchangedRegistrationStays() {
    assertEquals("same", RegistrationOrder.bridgeDigest(Optional.of("same"), "same", Optional.of("s"), Optional.empty()));
  }
}
