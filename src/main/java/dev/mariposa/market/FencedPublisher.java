package dev.mariposa.market;

import dev.mariposa.bus.AddressFamily;
import dev.mariposa.bus.BusHeaders;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.Ticker;
import dev.mariposa.events.TradePrint;
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

  /**
   * Publishes an event of a family the feed lease fences ({@link AddressFamily#fencedByFeedLease()}):
   * a {@link Ticker}, {@link TradePrint} or {@link BookSnapshot} on their addresses, JSON on the others.
   */
  void publish(String address, Object event) {
    AddressFamily family = AddressFamily.under(address);
    if (family == null || !family.fencedByFeedLease()) {
      throw new IllegalArgumentException(address + " is not a feed address");
    }
    bus.publish(address, event, new DeliveryOptions()
        .addHeader(BusHeaders.FEED, symbol)
        .addHeader(BusHeaders.FEED_EPOCH, epoch)
        .addHeader(BusHeaders.FEED_SEQ, Long.toString(++seq)));
    switch (family) {
      case MARKET_TICKER -> cache.ticker(symbol, (Ticker) event);
      case MARKET_BOOK -> cache.book(symbol, (BookSnapshot) event);
      case MARKET_KLINE -> cache.kline((JsonObject) event);
      default -> { } // trades are news, not state: nothing to cache
    }
  }
}
