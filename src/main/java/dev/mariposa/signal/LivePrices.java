package dev.mariposa.signal;

import dev.mariposa.events.Ticker;
import dev.mariposa.market.LatestTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a symbol's prices are live venue data: the only prices a real-money order may be
 * decided on (the risk gate's {@value #CHECK} check, and the position guard's exits). Live means
 * from Binance (its streams, or its REST read on demand), younger than the agent's maximum ticker
 * age, not a stale copy kept past its TTL, and with the local order book in sync. Synthetic prices
 * (MARKET_SOURCE=synthetic, or the fallback when Binance is unreachable) and replays never are.
 */
public final class LivePrices {
  public static final String CHECK = "market_live";
  private static final Set<String> LIVE_SOURCES = Set.of("binance", "binance-rest");

  private LivePrices() {}

  /** Why the ticker is not live venue data, with the numbers; empty when it is. */
  public static Optional<String> refusal(String symbol, Optional<LatestTicker> ticker, Duration maxAge, long now) {
    if (ticker.isEmpty()) {
      return Optional.of("no " + symbol + " ticker: real money waits for live prices");
    }
    Ticker t = ticker.get().ticker();
    String source = t.source();
    if (!LIVE_SOURCES.contains(source)) {
      return Optional.of(symbol + " prices are " + describe(source, t) + ", not live venue prices");
    }
    long age = now - t.receivedAt();
    if (ticker.get().staleCopy()) {
      return Optional.of("the " + symbol + " ticker is a stale copy, " + age + " ms old: the feed is not delivering");
    }
    if (age > maxAge.toMillis()) {
      return Optional.of("the " + symbol + " ticker is " + age + " ms old, real money needs one at most "
          + maxAge.toMillis() + " ms old");
    }
    if (Boolean.FALSE.equals(t.bookSynced())) {
      return Optional.of("the " + symbol + " order book is being resynchronized (a sequence gap or a reconnect): "
          + "prices are not confirmed live");
    }
    return Optional.empty();
  }

  private static String describe(String source, Ticker ticker) {
    return switch (source) {
      case "synthetic" -> "synthetic (MARKET_SOURCE=synthetic, or the fallback while Binance is unreachable)";
      case "replay" -> "replayed from recorded data of " + Instant.ofEpochMilli(ticker.exchangeTime());
      default -> "from " + source;
    };
  }
}
