package dev.mariposa.market;

import dev.mariposa.events.Ticker;
import io.vertx.core.json.JsonObject;

/**
 * A symbol's latest ticker as the market layer answers it: the record, and whether it is a stale
 * copy (the cache kept it past its TTL while a fresh one is being loaded: the feed is not
 * delivering). The staleness is the cache's, not the venue's, so it travels beside the record.
 */
public record LatestTicker(Ticker ticker, boolean staleCopy) {

  /** A ticker as published: never a stale copy. */
  public static LatestTicker of(Ticker ticker) {
    return new LatestTicker(ticker, false);
  }

  /** Reads a cached body once into the record, with the cache's {@code "stale"} mark; throws IllegalArgumentException if it is not a ticker. */
  public static LatestTicker fromJson(JsonObject json) {
    return new LatestTicker(Ticker.fromJson(json), json.getBoolean("stale", false));
  }
}
