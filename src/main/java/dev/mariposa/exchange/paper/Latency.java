package dev.mariposa.exchange.paper;

import dev.mariposa.config.MariposaConfig;
import java.util.SplittableRandom;

/**
 * How long a request to the paper venue takes to reach it: {@code fixedMs} plus a jitter drawn
 * uniformly from 0 to {@code jitterMs} (both inclusive). The draws come from a seeded generator,
 * so a backtest that asks in the same order gets the same delays every run. Not thread-safe: one
 * owner draws (a backtest's single thread, a verticle's event loop).
 */
public final class Latency {
  /** The backtest's seed: any constant does, what matters is that it is one. */
  public static final long BACKTEST_SEED = 0x4D617269706F7361L;

  private final long fixedMs;
  private final long jitterMs;
  private final SplittableRandom random;

  public Latency(long fixedMs, long jitterMs, long seed) {
    if (fixedMs < 0 || jitterMs < 0) {
      throw new IllegalArgumentException("latency must not be negative: " + fixedMs + " + 0.." + jitterMs + " ms");
    }
    this.fixedMs = fixedMs;
    this.jitterMs = jitterMs;
    this.random = new SplittableRandom(seed);
  }

  /** No delay at all: the venue is reached the moment a request is made. */
  public static Latency none() {
    return new Latency(0, 0, 0);
  }

  /** As configured ({@code exchange.paper.latencyMs}, {@code latencyJitterMs}), drawn from {@code seed}. */
  public static Latency of(MariposaConfig.Paper configured, long seed) {
    return new Latency(configured.latencyMs(), configured.latencyJitterMs(), seed);
  }

  /** The next request's delay, in milliseconds. */
  public long next() {
    return jitterMs == 0 ? fixedMs : fixedMs + random.nextLong(jitterMs + 1);
  }

  /** Whether every request arrives at once (no timer, no queue needed). */
  public boolean isZero() {
    return fixedMs == 0 && jitterMs == 0;
  }

  @Override
  public String toString() {
    return fixedMs + " ms" + (jitterMs == 0 ? "" : " + 0.." + jitterMs + " ms");
  }
}
