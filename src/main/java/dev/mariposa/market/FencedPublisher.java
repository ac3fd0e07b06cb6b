package dev.mariposa.market;

import dev.mariposa.bus.BusHeaders;
import dev.mariposa.events.Ticker;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Publishes one symbol's feed events stamped with the leader's epoch and a sequence number, so
 * consumers can drop a replaced leader's events (see bus.FeedFence), and writes tickers, books
 * and bars through to the Redis cache.
 */
final class FencedPublisher {
  private final EventBus bus;
  private final String symbol;
  private final String epoch;
  private final MarketCacheWriter cache;
  private long seq;

  FencedPublisher(EventBus bus, MarketCacheWriter cache, String symbol, long epoch) {
    this.bus = bus;
    this.cache = cache;
    this.symbol = symbol;
    this.epoch = Long.toString(epoch);
  }

  String symbol() {
    return symbol;
  }

  /** Writes a past bar to the cache only: history, not news, so nothing is published. */
  void remember(JsonObject bar) {
    cache.kline(bar);
  }

  /** {@code event}: a {@link Ticker} on a ticker address, JSON on the others. */
  void publish(String address, Object event) {
    bus.publish(address, event, new DeliveryOptions()
        .addHeader(BusHeaders.FEED, symbol)
        .addHeader(BusHeaders.FEED_EPOCH, epoch)
        .addHeader(BusHeaders.FEED_SEQ, Long.toString(++seq)));
    if (event instanceof Ticker ticker) {
      cache.ticker(symbol, ticker);
    } else if (address.startsWith("market.book.")) {
      cache.book(symbol, (JsonObject) event);
    } else if (address.startsWith("market.kline.")) {
      cache.kline((JsonObject) event);
    }
  }
}
