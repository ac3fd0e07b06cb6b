package dev.mariposa.metrics;

import java.math.BigDecimal;

/**
 * One execution as performance sees it: when, what, which way, how much, at what price, for what
 * fee (quote), and whether on a perpetual swap (where a sell with nothing held opens a short).
 */
public record TradeFill(long at, String symbol, boolean buy, BigDecimal quantity, BigDecimal price, BigDecimal fee,
                        boolean swap) {
  /** A spot execution. */
  public TradeFill(long at, String symbol, boolean buy, BigDecimal quantity, BigDecimal price, BigDecimal fee) {
    this(at, symbol, buy, quantity, price, fee, false);
  }
}
