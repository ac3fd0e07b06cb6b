package dev.mariposa.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random, so a
 * fleet of instances that lost Redis together does not reconnect in lock step.
 */
public final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private int attempt;

  public Backoff(Duration initial, Duration max) {
    this.initialMs = Math.max(1, initial.toMillis());
    this.maxMs = Math.max(initialMs, max.toMillis());
  }

  /** The delay before the next attempt; each call doubles the base up to the cap. */
  public long nextDelayMs() {
    long base = Math.min(maxMs, initialMs << Math.min(attempt, 30));
    attempt++;
    long half = base / 2;
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }

  public int attempts() {
    return attempt;
  }

  public void reset() {
    attempt = 0;
  }
}
