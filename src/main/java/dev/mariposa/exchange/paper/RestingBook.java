package dev.mariposa.exchange.paper;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A paper venue's resting orders in memory, pure: each a {@link RestingOrder}, fed the prints,
 * book states (and, for a symbol known only by bars, bars) of its symbol in the order they happen.
 * Open orders are kept per symbol, so a print costs nothing for a symbol where nothing rests;
 * orders that ended stay for lookups. Not thread-safe: one owner feeds it (a backtest's thread).
 */
public final class RestingBook {
  private final Fees fees;
  private final Map<String, RestingOrder> orders = new HashMap<>();
  /** Open orders by symbol, in the order they rested. */
  private final Map<String, Map<String, RestingOrder>> open = new HashMap<>();

  public RestingBook(Fees fees) {
    this.fees = fees;
  }

  public Fees fees() {
    return fees;
  }

  /** Keeps a placed order that rests ({@link RestingOrder#place}). */
  public void rest(RestingOrder order) {
    put(order);
  }

  public Optional<RestingOrder> get(String clOrdId) {
    return Optional.ofNullable(orders.get(clOrdId));
  }

  /** Whether some order of {@code symbol} is open. */
  public boolean rests(String symbol) {
    Map<String, RestingOrder> resting = open.get(symbol);
    return resting != null && !resting.isEmpty();
  }

  /** The open orders of {@code symbol}, in the order they rested. */
  public List<RestingOrder> open(String symbol) {
    return List.copyOf(open.getOrDefault(symbol, Map.of()).values());
  }

  /** A print of its symbol: the orders it filled (or moved up the queue), as they are now. */
  public List<RestingOrder> onTrade(TradePrint print) {
    return each(print.symbol(), order -> order.onTrade(print, fees));
  }

  /** The venue displays {@code book}: the queues ahead of its symbol's orders shrink; nothing fills. */
  public void onBook(BookSnapshot book) {
    each(book.symbol(), order -> order.onBook(book));
  }

  /** A bar of a symbol known only by its bars: the orders it traded through, filled. */
  public List<RestingOrder> onBar(String symbol, BigDecimal low, BigDecimal high, long openTime, long closeTime) {
    return each(symbol, order -> order.onBar(low, high, openTime, closeTime, fees));
  }

  /** {@code step} on each open order of {@code symbol}, in place (no copy: this runs on every event); the orders it changed. */
  private List<RestingOrder> each(String symbol, UnaryOperator<RestingOrder> step) {
    Map<String, RestingOrder> resting = open.get(symbol);
    if (resting == null || resting.isEmpty()) {
      return List.of();
    }
    List<RestingOrder> changed = null;
    for (Iterator<Map.Entry<String, RestingOrder>> it = resting.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, RestingOrder> entry = it.next();
      RestingOrder next = step.apply(entry.getValue());
      if (next == entry.getValue()) {
        continue;
      }
      orders.put(next.clOrdId(), next);
      if (next.open()) {
        entry.setValue(next);
      } else {
        it.remove();
      }
      changed = changed == null ? new ArrayList<>(2) : changed;
      changed.add(next);
    }
    return changed == null ? List.of() : changed;
  }

  /** Cancels an open order; a final one is answered as such, an unknown one as not found. */
  public CancelResult cancel(String clOrdId) {
    RestingOrder order = orders.get(clOrdId);
    if (order == null) {
      return CancelResult.of(CancelResult.Outcome.NOT_FOUND, "51400", "no resting paper order " + clOrdId);
    }
    if (!order.open()) {
      return CancelResult.of(CancelResult.Outcome.ALREADY_FINAL, "51400",
          "paper order " + clOrdId + " is " + order.status() + " already");
    }
    put(order.cancel());
    return CancelResult.of(CancelResult.Outcome.CANCELED, "0", "cancelled " + clOrdId);
  }

  /** Amends an open order at {@code now} on {@code book} ({@link RestingOrder#amend}). */
  public AmendResult amend(String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                           Optional<BigDecimal> newPrice, Optional<BookSnapshot> book, long now) {
    RestingOrder order = orders.get(clOrdId);
    if (order == null) {
      return AmendResult.of(AmendResult.Outcome.NOT_FOUND, "51503", "no resting paper order " + clOrdId);
    }
    RestingOrder.Amended amended = order.amend(requestId, newQuantity, newPrice, book, fees, now);
    if (amended.order() != order) {
      put(amended.order());
    }
    return amended.result();
  }

  private void put(RestingOrder order) {
    orders.put(order.clOrdId(), order);
    Map<String, RestingOrder> resting = open.computeIfAbsent(order.symbol(), s -> new LinkedHashMap<>());
    if (order.open()) {
      resting.put(order.clOrdId(), order);
    } else {
      resting.remove(order.clOrdId());
    }
  }
}
