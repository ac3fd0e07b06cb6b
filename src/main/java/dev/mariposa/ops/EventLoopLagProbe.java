package dev.mariposa.ops;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Deployed with one instance per event loop: every {@value #PERIOD_MS} ms it measures how late its
 * timer fired and keeps the worst value of the last second.
 */
public final class EventLoopLagProbe extends VerticleBase {
  static final long PERIOD_MS = 100;
  private static final int WINDOW = 10;

  private final EventLoopLag lag;
  private final long[] window = new long[WINDOW];
  private int next;
  private long expected;

  public EventLoopLagProbe(EventLoopLag lag) {
    this.lag = lag;
  }

  @Override
  public Future<?> start() {
    expected = System.nanoTime() + PERIOD_MS * 1_000_000;
    vertx.setPeriodic(PERIOD_MS, id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    long now = System.nanoTime();
    window[next++ % WINDOW] = Math.max(0, (now - expected) / 1_000_000);
    expected = now + PERIOD_MS * 1_000_000;
    long worst = 0;
    for (long l : window) {
      worst = Math.max(worst, l);
    }
    lag.record(Thread.currentThread().getName(), worst);
  }
}
