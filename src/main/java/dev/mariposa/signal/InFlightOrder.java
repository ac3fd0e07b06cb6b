package dev.mariposa.signal;

import dev.mariposa.exchange.Side;
import java.math.BigDecimal;
import java.util.List;

/**
 * An order the risk engine approved and that is not settled yet, counted as filled at its
 * signal's price ({@code price}) by the next checks of its agent. {@code resting}: placed, and
 * resting at the venue (a limit or post-only entry): its outcome is not coming soon, so the
 * agent's next signals are decided with it counted instead of waiting for it.
 */
public record InFlightOrder(String clOrdId, String symbol, Side side, BigDecimal quantity, BigDecimal price, long at,
                            boolean resting) {

  /** The order a ticket becomes once approved. */
  public static InFlightOrder of(TradeTicket ticket) {
    return new InFlightOrder(ticket.clOrdId(), ticket.signal().symbol(), ticket.side(), ticket.quantity(),
        BigDecimal.valueOf(ticket.signal().referencePrice()), ticket.approvedAt(), false);
  }

  /**
   * Whether the agent's next signal must wait for these orders to settle (one decided on the account
   * the previous order left): only while one of them is on its way; resting ones are counted, not awaited.
   */
  public static boolean awaited(List<InFlightOrder> orders) {
    return orders.stream().anyMatch(o -> !o.resting());
  }
}
