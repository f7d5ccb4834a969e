package net.freedommessenger.westchat.model.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashesTest {

  @Test
  void aPasswordHashedAgainInTheSameProcessGetsTheSameHashSoRendersBeforeTheCacheCatchesUpAgree() {
    String first = PasswordHashes.bcrypt("a-long-random-password-1");
    assertTrue(first.startsWith("$2a$04$"), "the form Go's bcrypt reads: " + first);
    assertEquals(first, PasswordHashes.bcrypt("a-long-random-password-1"));
    assertNotEquals(first, PasswordHashes.bcrypt("a-long-random-password-2"));
  }

  @Test
  void aHashVerifiesItsPasswordOnly() {
    String hash = PasswordHashes.bcrypt("another-password");
    assertTrue(PasswordHashes.verifies("another-password", hash));
    assertFalse(PasswordHashes.verifies("not-that-one", hash));
    assertFalse(PasswordHashes.verifies("another-password", "plain text"));
  }
}
