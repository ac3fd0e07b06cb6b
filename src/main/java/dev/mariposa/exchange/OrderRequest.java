package dev.mariposa.exchange;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One order as Mariposa asks for it: spot, in base-asset quantity, market or limit. The client
 * order id is derived from the signal, so a replayed request maps to the same order.
 */
public record OrderRequest(String clOrdId, String symbol, Side side, Type type, BigDecimal quantity,
                           Optional<BigDecimal> limitPrice) {
  public enum Type { MARKET, LIMIT }

  public static OrderRequest market(String clOrdId, String symbol, Side side, BigDecimal quantity) {
    return new OrderRequest(clOrdId, symbol, side, Type.MARKET, quantity, Optional.empty());
  }
}
