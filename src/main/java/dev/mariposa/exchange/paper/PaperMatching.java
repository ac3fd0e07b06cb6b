package dev.mariposa.exchange.paper;

import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What a paper placement does against a book, pure: it walks the levels as a taker would
 * ({@link BookWalker}) with a taker fee. Market orders take what the book has and cancel the
 * rest; limit orders take what crosses and rest. No book, or no liquidity for a market order, is
 * a rejection. The paper exchange stores the outcome; a backtest applies it at once.
 */
public final class PaperMatching {
  public static final BigDecimal TAKER_FEE = new BigDecimal("0.001");

  private PaperMatching() {}

  /** The outcome of one placement: the order's status and its fills. */
  public record Match(String clOrdId, String symbol, boolean noBook, boolean buy, OrderState.Status status, List<Fill> fills) {
    public PlaceResult result() {
      if (noBook) {
        return PlaceResult.rejected("no_book", "no order book for " + symbol + " in the market cache");
      }
      if (status == OrderState.Status.REJECTED) {
        return PlaceResult.rejected("no_liquidity", "the book of " + symbol + " has no " + (buy ? "asks" : "bids"));
      }
      return PlaceResult.accepted(clOrdId, Optional.of(state(clOrdId, status, fills)));
    }
  }

  /** {@code book}: {bids, asks} best first, as the market cache holds it; empty when there is none. */
  public static Match place(Optional<JsonObject> book, OrderRequest request, long now) {
    boolean buy = request.side() == Side.BUY;
    List<Fill> fills = book.map(b -> BookWalker.walk(b.getJsonArray(buy ? "asks" : "bids"), buy, request.quantity(),
        request.limitPrice(), TAKER_FEE, now)).orElse(List.of());
    BigDecimal filled = BookWalker.filled(fills);
    OrderState.Status status = book.isEmpty() ? OrderState.Status.REJECTED
        : filled.compareTo(request.quantity()) == 0 ? OrderState.Status.FILLED
        : request.type() == OrderRequest.Type.LIMIT ? (fills.isEmpty() ? OrderState.Status.LIVE : OrderState.Status.PARTIALLY_FILLED)
        : fills.isEmpty() ? OrderState.Status.REJECTED : OrderState.Status.CANCELED;
    return new Match(request.clOrdId(), request.symbol(), book.isEmpty(), buy, status, fills);
  }

  /** Binance-like spot minimums: the paper exchange has no instrument list of its own. */
  public static Instrument instrument(String symbol) {
    return new Instrument(symbol, new BigDecimal("0.01"), new BigDecimal("0.00001"), new BigDecimal("0.00001"));
  }

  static OrderState state(String clOrdId, OrderState.Status status, List<Fill> fills) {
    return new OrderState(clOrdId, clOrdId, status, BookWalker.filled(fills), BookWalker.averagePrice(fills),
        BookWalker.fees(fills), fills);
  }
}
