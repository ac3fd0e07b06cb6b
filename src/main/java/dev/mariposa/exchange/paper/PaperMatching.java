package dev.mariposa.exchange.paper;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a paper placement does against a book, pure: it walks the levels as a taker would
 * ({@link BookWalker}) with a taker fee. Market orders take what the book has and cancel the
 * rest; limit orders take what crosses and rest; IOC orders take what crosses and cancel the rest;
 * FOK orders take all of their quantity within their price or nothing (cancelled); post-only
 * orders rest, or are cancelled with nothing filled when their price would take. No book, or no
 * liquidity for a market order, is a rejection. The paper exchange stores the outcome; a backtest
 * applies it at once.
 */
public final class PaperMatching {
  /** Binance spot's minimum order value (its NOTIONAL filter) per quote asset. */
  private static final Map<String, BigDecimal> MIN_NOTIONAL = minNotional();
  /** Instruments by symbol, worked out once: every order asks. */
  private static final Map<String, Instrument> INSTRUMENTS = new ConcurrentHashMap<>();

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

  /** {@code book}: the symbol's book now; empty when there is none. What the order takes pays the taker fee. */
  public static Match place(Optional<BookSnapshot> book, OrderRequest request, Fees fees, long now) {
    boolean buy = request.side() == Side.BUY;
    List<Fill> fills = book.map(b -> BookWalker.walk(b.takerSide(buy), buy, request.quantity(),
        request.limitPrice(), fees.taker(), now)).orElse(List.of());
    boolean whole = BookWalker.filled(fills).compareTo(request.quantity()) == 0;
    if (book.isEmpty()) {
      return new Match(request.clOrdId(), request.symbol(), true, buy, OrderState.Status.REJECTED, List.of());
    }
    OrderState.Status status = switch (request.type()) {
      case MARKET -> whole ? OrderState.Status.FILLED
          : fills.isEmpty() ? OrderState.Status.REJECTED : OrderState.Status.CANCELED;
      case LIMIT -> whole ? OrderState.Status.FILLED
          : fills.isEmpty() ? OrderState.Status.LIVE : OrderState.Status.PARTIALLY_FILLED;
      case IOC -> whole ? OrderState.Status.FILLED : OrderState.Status.CANCELED;
      case FOK -> whole ? OrderState.Status.FILLED : OrderState.Status.CANCELED;
      case POST_ONLY -> fills.isEmpty() ? OrderState.Status.LIVE : OrderState.Status.CANCELED;
    };
    // A FOK that cannot fill whole and a post-only that would take fill nothing.
    boolean keepsFills = !(request.type() == OrderRequest.Type.FOK && !whole || request.type() == OrderRequest.Type.POST_ONLY);
    return new Match(request.clOrdId(), request.symbol(), false, buy, status, keepsFills ? fills : List.of());
  }

  /**
   * Binance-like spot minimums: the paper exchange has no instrument list of its own. The minimum
   * order value is Binance's NOTIONAL filter by quote asset (5 USDT for BTCUSDT); a quote not in
   * the table has none. The tick is Binance's finest price step, 1e-8: a limit worked out from a
   * sub-dollar price (0.02095) keeps its digits instead of being rounded to cents (0.02), which
   * would put an IOC entry's limit far below the market.
   */
  public static Instrument instrument(String symbol) {
    return INSTRUMENTS.computeIfAbsent(symbol, PaperMatching::instrumentOf);
  }

  /**
   * The paper venue's perpetual swap of {@code symbol}: the spot minimums, no minimum value (OKX
   * sizes swaps in contracts, with no notional floor), OKX's highest leverage for its main swaps
   * (100, BTC-USDT-SWAP's and ETH-USDT-SWAP's in its 2025 listing) and the maintenance margin rate
   * of their first position tier, 0.4 %.
   */
  public static Instrument swapInstrument(String symbol) {
    Instrument spot = instrument(symbol);
    return new Instrument(symbol, spot.tickSize(), spot.lotSize(), spot.minQuantity(), BigDecimal.ZERO,
        SWAP_MAX_LEVERAGE, SWAP_MAINTENANCE_MARGIN_RATE);
  }

  public static final int SWAP_MAX_LEVERAGE = 100;
  public static final BigDecimal SWAP_MAINTENANCE_MARGIN_RATE = new BigDecimal("0.004");

  private static Instrument instrumentOf(String symbol) {
    BigDecimal minNotional = MIN_NOTIONAL.entrySet().stream().filter(q -> symbol.endsWith(q.getKey())
            && symbol.length() > q.getKey().length())
        .map(Map.Entry::getValue).findFirst().orElse(BigDecimal.ZERO);
    return new Instrument(symbol, new BigDecimal("0.00000001"), new BigDecimal("0.00001"), new BigDecimal("0.00001"),
        minNotional);
  }

  private static Map<String, BigDecimal> minNotional() {
    Map<String, BigDecimal> table = new LinkedHashMap<>();
    for (String stable : List.of("FDUSD", "USDT", "USDC", "TUSD", "EUR")) {
      table.put(stable, new BigDecimal("5"));
    }
    table.put("BTC", new BigDecimal("0.0001"));
    table.put("ETH", new BigDecimal("0.001"));
    table.put("BNB", new BigDecimal("0.01"));
    return Collections.unmodifiableMap(table);
  }

  /** The state of an order with these fills. */
  public static OrderState state(String clOrdId, OrderState.Status status, List<Fill> fills) {
    return new OrderState(clOrdId, clOrdId, status, BookWalker.filled(fills), BookWalker.averagePrice(fills),
        BookWalker.fees(fills), fills);
  }
}
