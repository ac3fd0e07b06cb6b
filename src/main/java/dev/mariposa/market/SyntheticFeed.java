package dev.mariposa.market;

import dev.mariposa.bus.Addresses;
import io.vertx.core.Vertx;
import java.time.Duration;

/** Publishes a {@link SyntheticMarket} every tick: trades, then the ticker, and the book every fifth step. */
final class SyntheticFeed implements SymbolFeed {
  private static final int BOOK_EVERY = 5;

  private final Vertx vertx;
  private final long timer;

  SyntheticFeed(Vertx vertx, FencedPublisher publisher, long seed, Duration tick) {
    this.vertx = vertx;
    String symbol = publisher.symbol();
    SyntheticMarket market = new SyntheticMarket(symbol, seed);
    long[] steps = {0};
    this.timer = vertx.setPeriodic(tick.toMillis(), id -> {
      SyntheticMarket.Step step = market.step(System.currentTimeMillis(), steps[0]++ % BOOK_EVERY == 0);
      step.trades().forEach(trade -> publisher.publish(Addresses.trade(symbol), trade));
      publisher.publish(Addresses.ticker(symbol), step.ticker());
      if (step.book() != null) {
        publisher.publish(Addresses.book(symbol), step.book());
      }
    });
  }

  @Override
  public void stop() {
    vertx.cancelTimer(timer);
  }
}
