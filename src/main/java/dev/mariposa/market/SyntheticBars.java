package dev.mariposa.market;

import dev.mariposa.events.TradePrint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One-minute bars of a synthetic market, built from its steps (OHLC of the mid, volume and count
 * of its trades), and the larger intervals aggregated from them, as Binance aligns them.
 */
final class SyntheticBars {
  private static final long MINUTE = 60_000;

  private final String symbol;
  private final List<KlineAggregator> larger;
  private long openTime = Long.MIN_VALUE;
  private BigDecimal open;
  private BigDecimal high;
  private BigDecimal low;
  private BigDecimal close;
  private BigDecimal volume;
  private BigDecimal quoteVolume;
  private long trades;

  SyntheticBars(String symbol, List<String> largerIntervals) {
    this.symbol = symbol;
    this.larger = largerIntervals.stream().map(KlineAggregator::new).toList();
  }

  /** Adds a step at {@code nowMs}; returns the bars it closed (the minute's, then any larger). */
  List<Kline> add(long nowMs, double price, List<TradePrint> stepTrades) {
    return add(nowMs, BigDecimal.valueOf(price), stepTrades);
  }

  /** As above, {@code price} an exact decimal, and the trades' prices and quantities summed exactly. */
  List<Kline> add(long nowMs, BigDecimal price, List<TradePrint> stepTrades) {
    long minute = Math.floorDiv(nowMs, MINUTE) * MINUTE;
    List<Kline> closed = new ArrayList<>(1);
    if (openTime != Long.MIN_VALUE && minute != openTime) {
      Kline bar = bar(true);
      closed.add(bar);
      larger.forEach(a -> a.add(bar).ifPresent(closed::add));
      openTime = Long.MIN_VALUE;
    }
    if (openTime == Long.MIN_VALUE) {
      openTime = minute;
      open = high = low = price;
      volume = quoteVolume = BigDecimal.ZERO;
      trades = 0;
    }
    high = high.max(price);
    low = low.min(price);
    close = price;
    for (TradePrint trade : stepTrades) {
      volume = volume.add(trade.qty());
      quoteVolume = quoteVolume.add(trade.qty().multiply(trade.price()));
      trades++;
    }
    return closed;
  }

  /** The minute in progress; empty before the first step. */
  java.util.Optional<Kline> current() {
    return openTime == Long.MIN_VALUE ? java.util.Optional.empty() : java.util.Optional.of(bar(false));
  }

  private Kline bar(boolean isClosed) {
    return new Kline(symbol, "1m", openTime, openTime + MINUTE - 1, open, high, low, close, volume, quoteVolume,
        trades, isClosed);
  }
}
