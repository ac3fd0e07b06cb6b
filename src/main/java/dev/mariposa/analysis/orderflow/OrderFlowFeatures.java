package dev.mariposa.analysis.orderflow;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.market.book.OrderBook;
import java.util.List;

/**
 * The order-flow features of one symbol, updated on each book snapshot and each trade print, in
 * the events' own time (a replay gives the same values at any speed):
 * <ul>
 *   <li>book imbalance: (bid size - ask size) / (bid size + ask size) over the top {@code depth}
 *   levels a side, -1 (all asks) to +1 (all bids);</li>
 *   <li>micro-price minus mid, in basis points of the mid: the micro-price is the best prices
 *   weighted by the size on the other side, (bid × askSize + ask × bidSize) / (bidSize + askSize),
 *   so it leans towards the side that is about to be taken;</li>
 *   <li>trade-flow imbalance: (buy-initiated - sell-initiated volume) / their sum over the trade
 *   window, by the aggressor (a trade whose buyer was the maker was a sell);</li>
 *   <li>spread in basis points of the mid;</li>
 *   <li>volatility: the standard deviation of the mid's log-returns between book updates in the
 *   volatility window, in basis points.</li>
 * </ul>
 * The clock is the newest event time seen; windows hold what happened after it minus their
 * length. An update is a few arithmetic operations and no allocation (a window's ring grows until
 * it holds a window's worth). A book that is empty on a side or crossed is ignored. Not
 * thread-safe: one owner (a verticle's event loop, a backtest's thread).
 */
public final class OrderFlowFeatures {
  private static final double BPS = 10_000;

  private final String symbol;
  private final int depth;
  private final long tradeWindowMs;
  private final long volatilityWindowMs;
  /** Buy-initiated volume first, sell-initiated second. */
  private final TimedWindow trades = new TimedWindow();
  /** Each log-return of the mid first, its square second. */
  private final TimedWindow returns = new TimedWindow();
  private long time = Long.MIN_VALUE;
  private long bookTime = Long.MIN_VALUE;
  private double bid = Double.NaN;
  private double ask = Double.NaN;
  private double bidSize;
  private double askSize;
  private double bidDepth;
  private double askDepth;

  public OrderFlowFeatures(String symbol, OrderFlowParams params) {
    this.symbol = symbol;
    this.depth = params.depth();
    this.tradeWindowMs = params.tradeWindow().toMillis();
    this.volatilityWindowMs = params.volatilityWindow().toMillis();
  }

  /**
   * A book snapshot at its exchange time; false (and nothing changed) when it is empty on a side,
   * crossed, or derived from a bar (a kline replay's: the bar's volume on both sides says nothing
   * of the order flow, and a backtest never feeds one either).
   */
  public boolean onBook(BookSnapshot book) {
    List<BookSnapshot.Level> bids = book.bids();
    List<BookSnapshot.Level> asks = book.asks();
    if (bids.isEmpty() || asks.isEmpty() || Boolean.TRUE.equals(book.derived())) {
      return false;
    }
    return onBook(book.exchangeTime(), bids.get(0).price().doubleValue(), bids.get(0).quantity().doubleValue(),
        asks.get(0).price().doubleValue(), asks.get(0).quantity().doubleValue(), size(bids), size(asks));
  }

  /** A local order book as it is at {@code time} (a backtest reads it in place, without a snapshot). */
  public boolean onBook(OrderBook book, long time) {
    return onBook(time, book.bestBid(), book.bestBidQuantity(), book.bestAsk(), book.bestAskQuantity(),
        book.quantity(true, depth), book.quantity(false, depth));
  }

  /**
   * The book at {@code time}: the best bid and ask with their sizes, and the size resting on the
   * top {@code depth} levels of each side (the best included).
   */
  public boolean onBook(long time, double bestBid, double bestBidSize, double bestAsk, double bestAskSize,
                        double bidLevelsSize, double askLevelsSize) {
    if (!(bestBid > 0) || !(bestAsk > bestBid) || !(bestBidSize >= 0) || !(bestAskSize >= 0)) {
      return false;
    }
    double previousMid = mid();
    advance(time);
    bookTime = Math.max(bookTime, time);
    bid = bestBid;
    ask = bestAsk;
    bidSize = bestBidSize;
    askSize = bestAskSize;
    bidDepth = bidLevelsSize;
    askDepth = askLevelsSize;
    if (previousMid > 0) {
      double r = Math.log(mid() / previousMid);
      returns.add(time, r, r * r);
    }
    return true;
  }

  public void onTrade(TradePrint trade) {
    onTrade(trade.exchangeTime(), trade.qty().doubleValue(), trade.buyerIsMaker());
  }

  /** A trade of {@code quantity} at {@code time}; {@code buyerIsMaker}: the seller took the bid (a sell). */
  public void onTrade(long time, double quantity, boolean buyerIsMaker) {
    advance(time);
    trades.add(time, buyerIsMaker ? 0 : quantity, buyerIsMaker ? quantity : 0);
  }

  private void advance(long eventTime) {
    time = Math.max(time, eventTime);
    trades.evictThrough(time - tradeWindowMs);
    returns.evictThrough(time - volatilityWindowMs);
  }

  public String symbol() {
    return symbol;
  }

  /** The newest event time seen (ms), Long.MIN_VALUE before any. */
  public long time() {
    return time;
  }

  public boolean hasBook() {
    return bid > 0;
  }

  public double mid() {
    return (bid + ask) / 2;
  }

  public double spreadBps() {
    return (ask - bid) / mid() * BPS;
  }

  /** -1 to +1 over the top levels; 0 when they hold nothing. */
  public double bookImbalance() {
    double total = bidDepth + askDepth;
    return total > 0 ? (bidDepth - askDepth) / total : 0;
  }

  /** The micro-price minus the mid, in basis points of the mid (within half the spread either way). */
  public double microPriceBps() {
    double total = bidSize + askSize;
    if (!(total > 0)) {
      return 0;
    }
    double micro = (bid * askSize + ask * bidSize) / total;
    return (micro - mid()) / mid() * BPS;
  }

  /** -1 (all sells) to +1 (all buys) over the trade window; 0 without trades. */
  public double tradeFlowImbalance() {
    double buys = buyVolume();
    double sells = sellVolume();
    return buys + sells > 0 ? (buys - sells) / (buys + sells) : 0;
  }

  public int trades() {
    return trades.size();
  }

  /** Never below 0: a running sum that lost its last volume can be a rounding error under it. */
  public double buyVolume() {
    return Math.max(0, trades.sumFirst());
  }

  public double sellVolume() {
    return Math.max(0, trades.sumSecond());
  }

  /** The sample standard deviation of the mid's log-returns in the window, in bps; NaN with fewer than two. */
  public double volatilityBps() {
    int n = returns.size();
    if (n < 2) {
      return Double.NaN;
    }
    double mean = returns.sumFirst() / n;
    double variance = (returns.sumSecond() - n * mean * mean) / (n - 1);
    return Math.sqrt(Math.max(0, variance)) * BPS;
  }

  /** The features now (meaningful once {@link #hasBook()}). */
  public OrderFlowSnapshot snapshot() {
    return new OrderFlowSnapshot(symbol, time, bookTime, bid, ask, spreadBps(), bookImbalance(), microPriceBps(),
        tradeFlowImbalance(), buyVolume(), sellVolume(), trades(), volatilityBps(), returns.size());
  }

  private double size(List<BookSnapshot.Level> side) {
    double sum = 0;
    for (int i = 0; i < Math.min(depth, side.size()); i++) {
      sum += side.get(i).quantity().doubleValue();
    }
    return sum;
  }
}
