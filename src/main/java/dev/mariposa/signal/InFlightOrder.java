package dev.mariposa.signal;

import dev.mariposa.exchange.Side;
import java.math.BigDecimal;

/**
 * An order the risk engine approved and that is not settled yet, counted as filled at its
 * signal's price ({@code price}) by the next checks of its agent.
 */
public record InFlightOrder(String clOrdId, String symbol, Side side, BigDecimal quantity, BigDecimal price, long at) {

  /** The order a ticket becomes once approved. */
  public static InFlightOrder of(TradeTicket ticket) {
    return new InFlightOrder(ticket.clOrdId(), ticket.signal().symbol(), ticket.side(), ticket.quantity(),
        BigDecimal.valueOf(ticket.signal().referencePrice()), ticket.approvedAt());
  }
}
