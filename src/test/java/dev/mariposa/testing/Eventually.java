package dev.mariposa.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or the deadline passes (then fails with {@code what}). */
public final class Eventually {
  private Eventually() {}

  public static long within(Duration timeout, String what, BooleanSupplier condition) {
    return within(timeout, () -> what, condition);
  }

  /** As above, with a description computed at failure time (state worth reporting). */
  public static long within(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what.get());
  }

  /**
   * Sleeps {@code ms} and answers true, or false once interrupted (the interrupt kept): for a
   * condition that polls sparingly what lives in this JVM with the code under test (MongoDB, the
   * exchange), as {@code () -> pause(250) && count() == n}.
   */
  public static boolean pause(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
