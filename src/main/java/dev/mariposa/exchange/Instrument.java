package dev.mariposa.exchange;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exchange's minimums for one symbol: price tick, quantity lot, the smallest quantity, and the
 * smallest order value in the quote asset ({@code minNotional}; zero where the venue sets none
 * beyond the quantity, as OKX spot, whose minSz is in the base asset).
 */
public record Instrument(String symbol, BigDecimal tickSize, BigDecimal lotSize, BigDecimal minQuantity,
                         BigDecimal minNotional) {
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
