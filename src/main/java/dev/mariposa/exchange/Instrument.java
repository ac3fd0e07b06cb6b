package dev.mariposa.exchange;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exchange's minimums for one symbol: price tick, quantity lot, the smallest quantity, and the
 * smallest order value in the quote asset ({@code minNotional}; zero where the venue sets none
 * beyond the quantity, as OKX spot, whose minSz is in the base asset). Quantities are in the base
 * asset, a swap's too (its contracts converted). A swap also has the highest leverage it allows
 * and the maintenance margin rate of its first position tier, which sets its liquidation price;
 * a spot instrument has leverage 1 and no maintenance margin.
 */
public record Instrument(String symbol, BigDecimal tickSize, BigDecimal lotSize, BigDecimal minQuantity,
                         BigDecimal minNotional, int maxLeverage, BigDecimal maintenanceMarginRate) {
  /** A spot instrument. */
  public Instrument(String symbol, BigDecimal tickSize, BigDecimal lotSize, BigDecimal minQuantity,
                    BigDecimal minNotional) {
    this(symbol, tickSize, lotSize, minQuantity, minNotional, 1, BigDecimal.ZERO);
  }

  /** {@code quantity} rounded down to a whole number of lots. */
  public BigDecimal roundQuantity(BigDecimal quantity) {
    return quantity.divide(lotSize, 0, RoundingMode.DOWN).multiply(lotSize).stripTrailingZeros();
  }

  public boolean isLotMultiple(BigDecimal quantity) {
    return quantity.remainder(lotSize).signum() == 0;
  }

  public boolean isTickMultiple(BigDecimal price) {
    return price.remainder(tickSize).signum() == 0;
  }
}
