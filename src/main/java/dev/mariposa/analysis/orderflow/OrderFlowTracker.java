package dev.mariposa.analysis.orderflow;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.market.book.OrderBook;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The order-flow features of every symbol followed, and the throttle of the decisions taken on
 * them: a book or trade update says whether a decision is due for its symbol, which is at most
 * once per {@code decisionInterval} slot of event time (slot = time / interval), at the first
 * update of a slot once the symbol has a book. Slots, not a gap since the last decision, so every
 * instance of a cluster hearing the same events agrees on which update decides (the analysis role
 * claims the slot), and a replay decides at the same updates at any speed. Not thread-safe.
 */
public final class OrderFlowTracker {
  private final OrderFlowParams params;
  private final long intervalMs;
  private final Map<String, Followed> symbols = new HashMap<>();

  private static final class Followed {
    final OrderFlowFeatures features;
    long decidedSlot = Long.MIN_VALUE;

    Followed(OrderFlowFeatures features) {
      this.features = features;
    }
  }

  public OrderFlowTracker(OrderFlowParams params) {
    this.params = params;
    this.intervalMs = params.decisionInterval().toMillis();
  }

  /** Feeds a book; true when a decision is due for its symbol now (and it counts as taken). */
  public boolean onBook(BookSnapshot book) {
    Followed followed = followed(book.symbol());
    return followed.features.onBook(book) && due(followed);
  }

  /** Feeds a local order book as it is at {@code time}; true when a decision is due (see {@link #onBook(BookSnapshot)}). */
  public boolean onBook(OrderBook book, long time) {
    Followed followed = followed(book.symbol());
    return followed.features.onBook(book, time) && due(followed);
  }

  /** Feeds a trade; true when a decision is due for its symbol now (and it counts as taken). */
  public boolean onTrade(TradePrint trade) {
    Followed followed = followed(trade.symbol());
    followed.features.onTrade(trade);
    return due(followed);
  }

  /** The symbol's features now; empty before its first usable book. */
  public Optional<OrderFlowSnapshot> snapshot(String symbol) {
    Followed followed = symbols.get(symbol);
    return followed == null || !followed.features.hasBook() ? Optional.empty() : Optional.of(followed.features.snapshot());
  }

  /** The slot of event time a decision at {@code time} belongs to. */
  public long slot(long time) {
    return Math.floorDiv(time, intervalMs);
  }

  /** Forgets a symbol no longer followed. */
  public void forget(String symbol) {
    symbols.remove(symbol);
  }

  private Followed followed(String symbol) {
    Followed followed = symbols.get(symbol);
    if (followed == null) {
      followed = new Followed(new OrderFlowFeatures(symbol, params));
      symbols.put(symbol, followed);
    }
    return followed;
  }

  private boolean due(Followed followed) {
    if (!followed.features.hasBook()) {
      return false;
    }
    long slot = slot(followed.features.time());
    if (slot <= followed.decidedSlot) {
      return false;
    }
    followed.decidedSlot = slot;
    return true;
  }
}
