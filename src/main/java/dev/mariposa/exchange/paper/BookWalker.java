package dev.mariposa.exchange.paper;

import dev.mariposa.exchange.Fill;
import dev.mariposa.events.BookSnapshot.Level;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills an order against a book side as a taker would: level by level from the best price, each
 * level at its own price and at most its size, never past a limit price. What the book cannot
 * give stays unfilled. Slippage is what the walk costs beyond the best price; nothing is invented.
 */
public final class BookWalker {
  private static final MathContext MC = MathContext.DECIMAL64;

  private BookWalker() {}

  /**
   * {@code levels}: best first (asks for a buy, bids for a sell). {@code feeRate} is charged on
   * each fill's notional.
   */
  public static List<Fill> walk(List<Level> levels, boolean buy, BigDecimal quantity, Optional<BigDecimal> limit,
                                BigDecimal feeRate, long at) {
    List<Fill> fills = new ArrayList<>();
    BigDecimal left = quantity;
    for (int i = 0; i < levels.size() && left.signum() > 0; i++) {
      BigDecimal price = levels.get(i).price();
      BigDecimal size = levels.get(i).quantity();
      if (limit.isPresent() && (buy ? price.compareTo(limit.get()) > 0 : price.compareTo(limit.get()) < 0)) {
        break;
      }
      if (size.signum() <= 0) {
        continue;
      }
      BigDecimal taken = left.min(size);
      fills.add(new Fill(taken, price, taken.multiply(price, MC).multiply(feeRate, MC), at));
      left = left.subtract(taken, MC);
    }
    return fills;
  }

  public static BigDecimal filled(List<Fill> fills) {
    return fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The volume-weighted average price of the fills; zero when there are none. */
  public static BigDecimal averagePrice(List<Fill> fills) {
    BigDecimal quantity = filled(fills);
    if (quantity.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal notional = fills.stream().map(f -> f.quantity().multiply(f.price(), MC)).reduce(BigDecimal.ZERO, BigDecimal::add);
    return notional.divide(quantity, MC);
  }

  public static BigDecimal fees(List<Fill> fills) {
    return fills.stream().map(Fill::fee).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
