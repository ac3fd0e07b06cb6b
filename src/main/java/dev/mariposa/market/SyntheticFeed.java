package dev.mariposa.market;

import dev.mariposa.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a {@link SyntheticMarket} every tick: trades, then the ticker, the book every fifth
 * step, the minute bar in progress every second and each bar as it closes (1m and the larger
 * intervals). Before the first tick it simulates {@code historyBars} minutes of the same market on
 * a worker and writes them to the bar cache, so indicators are warm from the start of a demo.
 */
final class SyntheticFeed implements SymbolFeed {
  private static final int BOOK_EVERY = 5;
  private static final long MINUTE = 60_000;

  private final Vertx vertx;
  private final FencedPublisher publisher;
  private final SyntheticMarket market;
  private final SyntheticBars bars;
  private final Precision precision;
  private final long tickMs;
  private long timer = -1;
  private boolean stopped;
  private long steps;
  private long lastBarUpdate;

  /**
   * {@code historyBars}: minutes to simulate before the first tick when the cache has no history of
   * the symbol yet (a leader taking over from another finds it there and ticks at once).
   */
  SyntheticFeed(Vertx vertx, FencedPublisher publisher, long seed, Duration tick, List<String> largerIntervals,
                int historyBars, Future<Boolean> historyCached) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.market = new SyntheticMarket(publisher.symbol(), seed, tick);
    this.bars = new SyntheticBars(publisher.symbol(), largerIntervals);
    this.precision = SyntheticMarket.precision(publisher.symbol());
    this.tickMs = Math.max(1, tick.toMillis());
    historyCached.otherwise(false)
        .compose(cached -> cached ? Future.succeededFuture(List.<Kline>of())
            : vertx.executeBlocking(() -> history(System.currentTimeMillis(), historyBars)))
        .onComplete(ar -> {
          if (stopped) {
            return;
          }
          long now = System.currentTimeMillis();
          if (ar.succeeded()) {
            ar.result().forEach(bar -> publisher.remember(bar.toJson(now, "synthetic")));
          }
          timer = vertx.setPeriodic(tickMs, id -> step(System.currentTimeMillis()));
        });
  }

  /** Simulates the minutes before now, step by step as live, and returns their closed bars. */
  private List<Kline> history(long now, int minutes) {
    List<Kline> closed = new ArrayList<>();
    long start = (now / MINUTE - minutes) * MINUTE;
    for (long t = start; t < now; t += tickMs) {
      SyntheticMarket.Step step = market.step(t, false);
      closed.addAll(bars.add(t, mid(step), step.trades()));
    }
    return closed;
  }

  private void step(long now) {
    String symbol = publisher.symbol();
    SyntheticMarket.Step step = market.step(now, steps++ % BOOK_EVERY == 0);
    step.trades().forEach(trade -> publisher.publish(Addresses.trade(symbol), trade));
    publisher.publish(Addresses.ticker(symbol), step.ticker());
    if (step.book() != null) {
      publisher.publish(Addresses.book(symbol), step.book());
    }
    for (Kline bar : bars.add(now, mid(step), step.trades())) {
      publisher.publish(Addresses.kline(symbol, bar.interval()), bar.toJson(now, "synthetic"));
    }
    // The bar in progress about once a second, as Binance's kline stream does every 1-2 s.
    if (now - lastBarUpdate >= 1_000) {
      lastBarUpdate = now;
      bars.current().ifPresent(bar -> publisher.publish(Addresses.kline(symbol, "1m"), bar.toJson(now, "synthetic")));
    }
  }

  /** The bars' price: the mid on the tick (an exact decimal: no 57933.225000000006 in the bars). */
  private BigDecimal mid(SyntheticMarket.Step step) {
    return precision.price(step.ticker().mid(), RoundingMode.HALF_EVEN);
  }

  @Override
  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
