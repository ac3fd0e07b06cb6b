package dev.mariposa.market.book;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.events.BookSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A local order book for one symbol: price levels with absolute quantities, as Binance sends
 * them (a quantity of zero removes the level; removing an unknown level is normal). Prices and
 * quantities are parsed from Binance's decimal strings; equal strings give equal keys.
 */
public final class OrderBook {
  private final String symbol;
  private final TreeMap<Double, Double> bids = new TreeMap<>(Comparator.reverseOrder());
  private final TreeMap<Double, Double> asks = new TreeMap<>();
  private long lastUpdateId;

  public OrderBook(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public long lastUpdateId() {
    return lastUpdateId;
  }

  /** Replaces the whole book with a REST depth snapshot {@code {lastUpdateId, bids, asks}}. */
  void reset(JsonObject snapshot) {
    bids.clear();
    asks.clear();
    set(bids, snapshot.getJsonArray("bids"));
    set(asks, snapshot.getJsonArray("asks"));
    lastUpdateId = snapshot.getLong("lastUpdateId");
  }

  /** Applies one diff event ({@code b}, {@code a}) whose last update id is {@code u}. */
  void apply(JsonObject depthUpdate) {
    set(bids, depthUpdate.getJsonArray("b"));
    set(asks, depthUpdate.getJsonArray("a"));
    lastUpdateId = depthUpdate.getLong("u");
  }

  public boolean isEmpty() {
    return bids.isEmpty() && asks.isEmpty();
  }

  /** Best bid price, or NaN when there is none. */
  public double bestBid() {
    return bids.isEmpty() ? Double.NaN : bids.firstKey();
  }

  public double bestAsk() {
    return asks.isEmpty() ? Double.NaN : asks.firstKey();
  }

  /** The quantity at the best bid, 0 when there is none. */
  public double bestBidQuantity() {
    return bids.isEmpty() ? 0 : bids.firstEntry().getValue();
  }

  public double bestAskQuantity() {
    return asks.isEmpty() ? 0 : asks.firstEntry().getValue();
  }

  /** The quantity resting on the best {@code levels} prices of the bids (or the asks), read in place. */
  public double quantity(boolean bidSide, int levels) {
    double sum = 0;
    int taken = 0;
    for (double quantity : (bidSide ? bids : asks).values()) {
      if (taken++ == levels) {
        break;
      }
      sum += quantity;
    }
    return sum;
  }

  /** A crossed book (best bid at or above best ask) means a missed update: never publish one. */
  public boolean isCrossed() {
    return !bids.isEmpty() && !asks.isEmpty() && bids.firstKey() >= asks.firstKey();
  }

  /** The top {@code levels} of each side, published as {@code source} with these times. */
  public BookSnapshot snapshot(int levels, long exchangeTime, long receivedAt, String source) {
    return new BookSnapshot(symbol, source, null, lastUpdateId, exchangeTime, receivedAt,
        top(bids, levels), top(asks, levels));
  }

  private static List<BookSnapshot.Level> top(TreeMap<Double, Double> side, int levels) {
    List<BookSnapshot.Level> out = new ArrayList<>(Math.min(levels, side.size()));
    for (Map.Entry<Double, Double> level : side.entrySet()) {
      if (out.size() == levels) {
        break;
      }
      // The decimals Binance sent (a double parsed from "67392.29" is that decimal's nearest), written plainly.
      out.add(new BookSnapshot.Level(JsonDecimals.number(level.getKey()), JsonDecimals.number(level.getValue())));
    }
    return out;
  }

  private static void set(TreeMap<Double, Double> side, JsonArray levels) {
    if (levels == null) {
      return;
    }
    for (int i = 0; i < levels.size(); i++) {
      JsonArray level = levels.getJsonArray(i);
      double price = Double.parseDouble(level.getString(0));
      double quantity = Double.parseDouble(level.getString(1));
      if (quantity == 0) {
        side.remove(price);
      } else {
        side.put(price, quantity);
      }
    }
  }
}
