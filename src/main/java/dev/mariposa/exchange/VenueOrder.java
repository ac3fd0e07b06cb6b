package dev.mariposa.exchange;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * An order as the venue lists it: its symbol (Mariposa's form), side, size, limit price (empty
 * for a market order), creation time (venue ms) and its state.
 */
public record VenueOrder(String symbol, Side side, OrderRequest.Type type, BigDecimal quantity,
                         Optional<BigDecimal> limitPrice, long createdAt, OrderState state) {
  public String clOrdId() {
    return state.clOrdId();
  }
}
