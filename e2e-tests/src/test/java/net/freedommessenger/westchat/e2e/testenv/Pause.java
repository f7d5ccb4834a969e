package net.freedommessenger.westchat.e2e.testenv;

/** A wait between two looks at something that has no event to wait for. */
public final class Pause {

  private Pause() {}

  /** Sleeps; an interrupt ends the test's wait with an exception, the flag kept. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
