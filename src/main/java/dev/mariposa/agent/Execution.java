package dev.mariposa.agent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/**
 * How an agent's entries reach the venue: {@code market} (take whatever the book gives), or a
 * limit at most {@code maxSlippageBps} past the mid the order was sized at, as {@code ioc} (take
 * what the book has up to that price, cancel the rest) or {@code fok} (all of it up to that price,
 * or nothing). Exits and closes are always market orders: a stop-loss must get out.
 */
public record Execution(Type type, double maxSlippageBps) {
  public enum Type {
    MARKET, IOC, FOK;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final double DEFAULT_SLIPPAGE_BPS = 10;

  public static Execution market() {
    return new Execution(Type.MARKET, DEFAULT_SLIPPAGE_BPS);
  }

  /**
   * The limit price of a buy sized at {@code mid}: {@code maxSlippageBps} above it, rounded down to
   * the tick so the bound holds; empty for a market order.
   */
  public Optional<BigDecimal> buyLimit(BigDecimal mid, BigDecimal tick) {
    if (type == Type.MARKET) {
      return Optional.empty();
    }
    BigDecimal bound = mid.multiply(BigDecimal.ONE.add(BigDecimal.valueOf(maxSlippageBps).movePointLeft(4)));
    return Optional.of(bound.divide(tick, 0, RoundingMode.FLOOR).multiply(tick).stripTrailingZeros());
  }
}
