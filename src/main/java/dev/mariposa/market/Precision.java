package dev.mariposa.market;

import dev.mariposa.bus.JsonDecimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A symbol's price tick and quantity lot: what the prices and quantities Mariposa makes up (the
 * synthetic market, the quotes a kline replay derives from its bars) are rounded to, so they are
 * the exact decimals a venue would show. Binance spot's for the symbols Mariposa knows; otherwise
 * by the price's magnitude, as Binance sizes them.
 */
public record Precision(BigDecimal tick, BigDecimal lot) {
  private static final Map<String, Precision> BINANCE_SPOT = Map.of(
      "BTCUSDT", of("0.01", "0.00001"),
      "ETHUSDT", of("0.01", "0.0001"),
      "BNBUSDT", of("0.01", "0.001"),
      "SOLUSDT", of("0.01", "0.001"));

  private static Precision of(String tick, String lot) {
    return new Precision(new BigDecimal(tick), new BigDecimal(lot));
  }

  /** The precision of {@code symbol}, which trades around {@code price}. */
  public static Precision of(String symbol, double price) {
    Precision known = BINANCE_SPOT.get(symbol);
    if (known != null) {
      return known;
    }
    String tick = price >= 1000 ? "0.01" : price >= 1 ? "0.0001" : "0.00000001";
    String lot = price >= 10_000 ? "0.00001" : price >= 1000 ? "0.0001" : price >= 100 ? "0.001"
        : price >= 10 ? "0.01" : price >= 1 ? "0.1" : "1";
    return of(tick, lot);
  }

  /** {@code price} on a whole number of ticks, rounded as {@code mode} says. */
  public BigDecimal price(double price, RoundingMode mode) {
    return price(BigDecimal.valueOf(price), mode);
  }

  public BigDecimal price(BigDecimal price, RoundingMode mode) {
    return JsonDecimals.number(price.divide(tick, 0, mode).multiply(tick));
  }

  /** {@code quantity} rounded down to a whole number of lots, and at least one lot. */
  public BigDecimal quantity(double quantity) {
    BigDecimal lots = BigDecimal.valueOf(quantity).divide(lot, 0, RoundingMode.DOWN).max(BigDecimal.ONE);
    return JsonDecimals.number(lots.multiply(lot));
  }
}
