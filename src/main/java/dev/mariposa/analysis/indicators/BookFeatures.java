package dev.mariposa.analysis.indicators;

import dev.mariposa.events.BookSnapshot;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What the live order book adds to the bar indicators: the best prices, the spread in basis points
 * and the imbalance of resting size over the top levels, from -1 (all asks) to +1 (all bids).
 */
public record BookFeatures(double bid, double ask, double spreadBps, double imbalance, int levels) {
  /** Levels of each side counted in the imbalance. */
  public static final int DEPTH = 10;

  /** From a {@code market.book} snapshot; empty when a side is empty or the book is crossed. */
  public static Optional<BookFeatures> of(BookSnapshot book) {
    List<BookSnapshot.Level> bids = book.bids();
    List<BookSnapshot.Level> asks = book.asks();
    if (bids.isEmpty() || asks.isEmpty()) {
      return Optional.empty();
    }
    double bid = bids.get(0).price().doubleValue();
    double ask = asks.get(0).price().doubleValue();
    if (!(bid > 0) || !(ask > bid)) {
      return Optional.empty(); // empty or crossed: no signal worth giving a model
    }
    double bidSize = size(bids);
    double askSize = size(asks);
    double total = bidSize + askSize;
    double mid = (bid + ask) / 2;
    return Optional.of(new BookFeatures(bid, ask, (ask - bid) / mid * 10_000,
        total > 0 ? (bidSize - askSize) / total : 0, Math.min(DEPTH, Math.min(bids.size(), asks.size()))));
  }

  public JsonObject toJson() {
    return new JsonObject().put("bid", bid).put("ask", ask)
        .put("spreadBps", spreadBps).put("imbalance", imbalance).put("levels", levels);
  }

  private static double size(List<BookSnapshot.Level> side) {
    double sum = 0;
    for (int i = 0; i < Math.min(DEPTH, side.size()); i++) {
      sum += side.get(i).quantity().doubleValue();
    }
    return sum;
  }
}
