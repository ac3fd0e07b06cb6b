package dev.mariposa.market.book;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One {@code depthUpdate} event read once: its first and last update ids ({@code U}, {@code u})
 * and its levels, each side as {@code price, quantity} pairs in the order sent. Read-only once
 * made: a backtest shares one across its runs.
 */
public record DepthDiff(long firstUpdateId, long lastUpdateId, double[] bids, double[] asks) {

  /** Reads a {@code depthUpdate} ({@code U}, {@code u}, {@code b}, {@code a}); throws when one is malformed. */
  public static DepthDiff of(JsonObject depthUpdate) {
    return new DepthDiff(depthUpdate.getLong("U"), depthUpdate.getLong("u"), levels(depthUpdate.getJsonArray("b")),
        levels(depthUpdate.getJsonArray("a")));
  }

  /** Binance's {@code [["price","quantity"], ...]} as {@code price, quantity} pairs; none when absent. */
  static double[] levels(JsonArray levels) {
    if (levels == null) {
      return new double[0];
    }
    double[] pairs = new double[2 * levels.size()];
    for (int i = 0; i < levels.size(); i++) {
      JsonArray level = levels.getJsonArray(i);
      pairs[2 * i] = Double.parseDouble(level.getString(0));
      pairs[2 * i + 1] = Double.parseDouble(level.getString(1));
    }
    return pairs;
  }
}
