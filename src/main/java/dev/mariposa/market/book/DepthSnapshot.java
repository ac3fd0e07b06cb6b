package dev.mariposa.market.book;

import io.vertx.core.json.JsonObject;

/**
 * A REST depth snapshot read once: its {@code lastUpdateId} and each side as {@code price,
 * quantity} pairs (see {@link DepthDiff}). Read-only once made.
 */
public record DepthSnapshot(long lastUpdateId, double[] bids, double[] asks) {

  /** Reads {@code {lastUpdateId, bids, asks}}; throws {@link IllegalArgumentException} when it is malformed. */
  public static DepthSnapshot of(JsonObject snapshot) {
    try {
      return new DepthSnapshot(snapshot.getLong("lastUpdateId"), DepthDiff.levels(snapshot.getJsonArray("bids")),
          DepthDiff.levels(snapshot.getJsonArray("asks")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed depth snapshot: " + e, e);
    }
  }
}
