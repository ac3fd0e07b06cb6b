package dev.mariposa.kernel;

import java.time.Duration;
import java.time.Instant;

/** A clock moved by hand: tests and simulations set it and advance it. Not thread-safe. */
public final class SimulatedClock implements MarketClock {
  private long millis;

  public SimulatedClock(long epochMillis) {
    this.millis = epochMillis;
  }

  public SimulatedClock set(long epochMillis) {
    this.millis = epochMillis;
    return this;
  }

  public SimulatedClock advance(Duration by) {
    this.millis += by.toMillis();
    return this;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }
}
