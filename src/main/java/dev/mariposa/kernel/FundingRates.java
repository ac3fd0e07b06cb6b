package dev.mariposa.kernel;

import java.math.BigDecimal;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The funding rate a perpetual swap settles at each funding time, as a backtest or the paper
 * exchange applies it: recorded where the history has the time, else a modelled rate. OKX settles
 * USDT-margined swaps every 8 hours, at 00:00, 08:00 and 16:00 UTC.
 */
@FunctionalInterface
public interface FundingRates {
  /** OKX's funding interval. */
  long INTERVAL_MS = 8 * 3_600_000L;
  /**
   * The modelled rate: 0.01 % per interval, OKX's interest-rate component, which the rate is when
   * the swap trades at the index (the premium is zero).
   */
  BigDecimal MODELLED = new BigDecimal("0.0001");

  /** The rate settled for {@code symbol} at {@code fundingTime} (0.0001 = 0.01 %; positive: longs pay shorts). */
  BigDecimal rateAt(String symbol, long fundingTime);

  /** Where the rates come from, as a report says it. */
  default String describe() {
    return "given";
  }

  /** The first funding time after {@code time} (strictly). */
  static long nextFundingTime(long time) {
    return Math.floorDiv(time, INTERVAL_MS) * INTERVAL_MS + INTERVAL_MS;
  }

  /** The same rate at every funding time. */
  static FundingRates constant(BigDecimal rate) {
    Objects.requireNonNull(rate, "rate");
    return new FundingRates() {
      @Override
      public BigDecimal rateAt(String symbol, long fundingTime) {
        return rate;
      }

      @Override
      public String describe() {
        return "modelled: " + rate.movePointRight(2).stripTrailingZeros().toPlainString() + "% every 8 hours";
      }
    };
  }

  /**
   * The recorded rates by symbol and funding time; a time the history lacks gets
   * {@code otherwise}'s rate.
   */
  static FundingRates recorded(Map<String, NavigableMap<Long, BigDecimal>> history, FundingRates otherwise) {
    Map<String, NavigableMap<Long, BigDecimal>> copy = Map.copyOf(history);
    int rows = copy.values().stream().mapToInt(Map::size).sum();
    return new FundingRates() {
      @Override
      public BigDecimal rateAt(String symbol, long fundingTime) {
        NavigableMap<Long, BigDecimal> rates = copy.get(symbol);
        BigDecimal rate = rates == null ? null : rates.get(fundingTime);
        return rate != null ? rate : otherwise.rateAt(symbol, fundingTime);
      }

      @Override
      public String describe() {
        return "recorded: " + rows + " rates of " + String.join(", ", new TreeSet<>(copy.keySet()))
            + "; other times " + otherwise.describe();
      }
    };
  }
}
