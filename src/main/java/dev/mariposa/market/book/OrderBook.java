package dev.mariposa.market.book;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.events.BookSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A local order book for one symbol: price levels with absolute quantities, as Binance sends
 * them (a quantity of zero removes the level; removing an unknown level is normal). Prices and
 * quantities are parsed from Binance's decimal strings; equal strings give equal keys. Each side
 * is a {@link BookSide}: sorted primitive arrays, no boxing per level.
 */
public final class OrderBook {
  private final String symbol;
  private final BookSide bids = new BookSide(true);
  private final BookSide asks = new BookSide(false);
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
  void reset(DepthSnapshot snapshot) {
    bids.replace(snapshot.bids());
    asks.replace(snapshot.asks());
    lastUpdateId = snapshot.lastUpdateId();
  }

  /** Applies one diff event: its levels, then its last update id. */
  void apply(DepthDiff diff) {
    bids.set(diff.bids());
    asks.set(diff.asks());
    lastUpdateId = diff.lastUpdateId();
  }

  public boolean isEmpty() {
    return bids.size() == 0 && asks.size() == 0;
  }

  /** Best bid price, or NaN when there is none. */
  public double bestBid() {
    return bids.size() == 0 ? Double.NaN : bids.price(0);
  }

  public double bestAsk() {
    return asks.size() == 0 ? Double.NaN : asks.price(0);
  }

  /** The quantity at the best bid, 0 when there is none. */
  public double bestBidQuantity() {
    return bids.size() == 0 ? 0 : bids.quantity(0);
  }

  public double bestAskQuantity() {
    return asks.size() == 0 ? 0 : asks.quantity(0);
  }

  /** The quantity resting on the best {@code levels} prices of the bids (or the asks), read in place. */
  public double quantity(boolean bidSide, int levels) {
    BookSide side = bidSide ? bids : asks;
    int taken = levels < 0 ? side.size() : Math.min(levels, side.size()); // a negative count takes them all
    double sum = 0;
    for (int rank = 0; rank < taken; rank++) {
      sum += side.quantity(rank);
    }
    return sum;
  }

  /** A crossed book (best bid at or above best ask) means a missed update: never publish one. */
  public boolean isCrossed() {
    return bids.size() > 0 && asks.size() > 0 && bids.price(0) >= asks.price(0);
  }

  /** The top {@code levels} of each side, published as {@code source} with these times. */
  public BookSnapshot snapshot(int levels, long exchangeTime, long receivedAt, String source) {
    return new BookSnapshot(symbol, source, null, lastUpdateId, exchangeTime, receivedAt,
        top(bids, levels), top(asks, levels));
  }

  private static List<BookSnapshot.Level> top(BookSide side, int levels) {
    List<BookSnapshot.Level> out = new ArrayList<>(Math.min(levels, side.size()));
    for (int rank = 0; rank < side.size() && out.size() != levels; rank++) {
      // The decimals Binance sent (a double parsed from "67392.29" is that decimal's nearest), written plainly.
      out.add(new BookSnapshot.Level(JsonDecimals.number(side.price(rank)), JsonDecimals.number(side.quantity(rank))));
    }
    return out;
  }
}
