package dev.mariposa.market.book;

import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * Publishes a changing book at most once per interval, always ending on its latest state: a
 * snapshot of the top levels costs far more than applying a diff (see docs/BENCHMARKS.md, market
 * ingest), and no consumer needs more than ten book pictures a second. The first change publishes
 * at once; changes within the interval are folded into one trailing publish.
 */
public final class ThrottledBookPublisher {
  private final Vertx vertx;
  private final long intervalMs;
  private final Consumer<Long> publish;
  private long lastPublishedAt;
  private long pendingExchangeTime = -1;
  private long timer = -1;

  /** {@code publish} receives the exchange time of the latest change it covers. */
  public ThrottledBookPublisher(Vertx vertx, long intervalMs, Consumer<Long> publish) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.publish = publish;
  }

  public void changed(long exchangeTime) {
    long now = System.currentTimeMillis();
    if (timer < 0 && now - lastPublishedAt >= intervalMs) {
      lastPublishedAt = now;
      publish.accept(exchangeTime);
      return;
    }
    pendingExchangeTime = exchangeTime;
    if (timer < 0) {
      timer = vertx.setTimer(Math.max(1, lastPublishedAt + intervalMs - now), id -> {
        timer = -1;
        lastPublishedAt = System.currentTimeMillis();
        publish.accept(pendingExchangeTime);
      });
    }
  }

  public void stop() {
    vertx.cancelTimer(timer);
    timer = -1;
  }
}
