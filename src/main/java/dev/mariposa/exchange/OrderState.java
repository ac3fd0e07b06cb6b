package dev.mariposa.exchange;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the exchange says of an order, found by its client order id. {@code fills} may be empty
 * where the exchange reports only totals (then {@code filledQuantity} and {@code averagePrice}).
 */
public record OrderState(String clOrdId, String exchangeOrderId, Status status, BigDecimal filledQuantity,
                         BigDecimal averagePrice, BigDecimal fee, List<Fill> fills) {
  public enum Status {
    LIVE, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED,
    /** Mariposa's own: the venue never received the order, and its signal expired before it could. */
    EXPIRED;

    public boolean isFinal() {
      return this == FILLED || this == CANCELED || this == REJECTED || this == EXPIRED;
    }
  }
}
