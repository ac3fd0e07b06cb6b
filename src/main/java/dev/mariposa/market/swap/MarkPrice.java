package dev.mariposa.market.swap;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A swap's mark price as OKX publishes it (REST {@code /api/v5/public/mark-price}, WebSocket
 * channel {@code mark-price}): the price OKX values positions and liquidations at.
 *
 * @param instId the swap, e.g. BTC-USDT-SWAP
 * @param markPx the mark price, in the quote currency
 * @param ts     OKX's time of it, ms since the epoch
 */
public record MarkPrice(String instId, BigDecimal markPx, long ts) {
  public MarkPrice {
    Objects.requireNonNull(instId, "instId");
    Objects.requireNonNull(markPx, "markPx");
  }

  /** A {@code data} row; throws IllegalArgumentException naming what is missing or malformed. */
  public static MarkPrice fromRow(JsonObject row) {
    try {
      return new MarkPrice(OkxRows.required(row, "instId"), OkxRows.positive(row, "markPx"),
          OkxRows.millis(row, "ts"));
    } catch (IllegalArgumentException e) {
      throw OkxRows.problem("mark price", row, e);
    }
  }
}
