package dev.mariposa.exchange;

import java.math.BigDecimal;

/**
 * One execution as the venue reports it: its trade id (unique per instrument), the order it
 * belongs to (client order id may be empty for an order placed without one), quantity in the base
 * asset, price, and fee as a cost in the quote asset (positive = charged), like {@link Fill}.
 */
public record VenueFill(String symbol, String tradeId, String clOrdId, String exchangeOrderId, Side side,
                        BigDecimal quantity, BigDecimal price, BigDecimal fee, long at) {
  public Fill fill() {
    return new Fill(quantity, price, fee, at);
  }
}
