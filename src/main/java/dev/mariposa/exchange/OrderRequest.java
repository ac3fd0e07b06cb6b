package dev.mariposa.exchange;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One order as Mariposa asks for it, in base-asset quantity: spot, or a perpetual swap of the
 * symbol when it has {@code swap} terms (the venue converts the quantity to contracts). The client
 * order id is derived from the signal, so a replayed request maps to the same order. Every type
 * but MARKET has a limit price.
 */
public record OrderRequest(String clOrdId, String symbol, Side side, Type type, BigDecimal quantity,
                           Optional<BigDecimal> limitPrice, Optional<SwapOrder> swap) {
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

  /** A spot order. */
  public OrderRequest(String clOrdId, String symbol, Side side, Type type, BigDecimal quantity,
                      Optional<BigDecimal> limitPrice) {
    this(clOrdId, symbol, side, type, quantity, limitPrice, Optional.empty());
  }

  public static OrderRequest market(String clOrdId, String symbol, Side side, BigDecimal quantity) {
    return new OrderRequest(clOrdId, symbol, side, Type.MARKET, quantity, Optional.empty());
  }

  public boolean isSwap() {
    return swap.isPresent();
  }
}
