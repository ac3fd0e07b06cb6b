package dev.mariposa.metrics;

import java.math.BigDecimal;

/**
 * One execution as performance sees it: when, what, which way, how much, at what price, for what
 * fee (quote), and whether on a perpetual swap (where a sell with nothing held opens a short). A
 * swap's funding payment is booked the same way, with no quantity and the {@code funding}
 * received (negative: paid).
 */
public record TradeFill(long at, String symbol, boolean buy, BigDecimal quantity, BigDecimal price, BigDecimal fee,
                        boolean swap, BigDecimal funding) {
  /** A spot execution. */
  public TradeFill(long at, String symbol, boolean buy, BigDecimal quantity, BigDecimal price, BigDecimal fee) {
    this(at, symbol, buy, quantity, price, fee, false, BigDecimal.ZERO);
  }

  /** An execution, spot or swap. */
  public TradeFill(long at, String symbol, boolean buy, BigDecimal quantity, BigDecimal price, BigDecimal fee,
                   boolean swap) {
    this(at, symbol, buy, quantity, price, fee, swap, BigDecimal.ZERO);
  }

  /** The funding a swap position in {@code symbol} received at {@code at} (negative: paid). */
  public static TradeFill funding(long at, String symbol, BigDecimal received) {
    return new TradeFill(at, symbol, true, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, true, received);
  }

  public boolean isFunding() {
    return quantity.signum() == 0 && funding.signum() != 0;
  }
}
