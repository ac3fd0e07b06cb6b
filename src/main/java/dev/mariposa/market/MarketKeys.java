package dev.mariposa.market;

import dev.mariposa.redis.RedisKeys;

/** The Redis keys of cached market data (namespace {@code market:}). */
public final class MarketKeys {
  private final RedisKeys keys;

  public MarketKeys(RedisKeys keys) {
    this.keys = keys;
  }

  public String ticker(String symbol) {
    return keys.key("market:", "ticker", symbol);
  }

  public String book(String symbol) {
    return keys.key("market:", "book", symbol);
  }

  /** A perpetual swap's latest mark, index and funding (market/swap/SwapMarks). */
  public String swap(String symbol) {
    return keys.key("market:", "swap", symbol);
  }

  /** Symbols wanted by someone (a request, an agent), scored by when they were last wanted. */
  public String wanted() {
    return keys.key("market:", "wanted");
  }

  /** The last value loaded from the exchange for {@code key}, kept longer: served while a new one loads. */
  public String stale(String key) {
    return key + ":stale";
  }

  /** Marks a symbol the exchange does not list (negative caching). */
  public String unknown(String symbol) {
    return keys.key("market:", "unknown", symbol);
  }

  /** A sorted set of bars scored by open time. */
  public String klines(String symbol, String interval) {
    return keys.key("market:", "klines", symbol, interval);
  }
}
