package dev.mariposa.backtest;

import java.time.Duration;

/**
 * An agent's order rate on simulated time: the GCRA of the live gate's Redis script
 * (redis/gcra.lua) for one key, burst equal to the rate, kept in memory.
 */
final class OrderRate {
  private final long intervalMicros;
  private final long toleranceMicros;
  private long tat;

  OrderRate(int perMinute) {
    this.intervalMicros = Math.max(1, ceilDiv(Duration.ofMinutes(1).toNanos() / 1000, perMinute));
    this.toleranceMicros = intervalMicros * perMinute;
  }

  /** Takes a token at {@code nowMs}; the wait in ms when there is none. */
  long acquire(long nowMs) {
    long now = nowMs * 1000;
    long next = Math.max(tat, now) + intervalMicros;
    long slack = toleranceMicros - (next - now);
    if (slack < 0) {
      return ceilDiv(-slack, 1000);
    }
    tat = next;
    return 0;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
