package dev.mariposa.exchange;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One order as Mariposa asks for it: spot, in base-asset quantity. The client order id is derived
 * from the signal, so a replayed request maps to the same order. Every type but MARKET has a
 * limit price.
 */
public record OrderRequest(String clOrdId, String symbol, Side side, Type type, BigDecimal quantity,
                           Optional<BigDecimal> limitPrice) {
  public enum Type {
    /** Takes what the book gives; the rest is cancelled. */
    MARKET,
    /** Takes what crosses its price, rests with the rest. */
    LIMIT,
    /** Rests only: cancelled, with nothing filled, when it would take. */
    POST_ONLY,
    /** Immediate or cancel: takes what crosses its price, cancels the rest. */
    IOC,
    /** Fill or kill: takes all of its quantity within its price, or nothing. */
    FOK;

    /** Whether what does not fill at once stays in the book. */
    public boolean rests() {
      return this == LIMIT || this == POST_ONLY;
    }
  }

  public OrderRequest {
    if (type != Type.MARKET && limitPrice.isEmpty()) {
      throw new IllegalArgumentException(type + " order " + clOrdId + " has no limit price");
    }
  }

  public static OrderRequest market(String clOrdId, String symbol, Side side, BigDecimal quantity) {
    return new OrderRequest(clOrdId, symbol, side, Type.MARKET, quantity, Optional.empty());
  }
}
