package dev.mariposa.market.swap;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An OKX index price (REST {@code /api/v5/market/index-tickers}, WebSocket channel
 * {@code index-tickers}): the spot index a linear swap's funding and mark price are anchored to.
 *
 * @param instId the index, e.g. BTC-USDT (the swap's instId without -SWAP)
 * @param idxPx  the index price
 * @param ts     OKX's time of it, ms since the epoch
 */
public record IndexPrice(String instId, BigDecimal idxPx, long ts) {
  public IndexPrice {
    Objects.requireNonNull(instId, "instId");
    Objects.requireNonNull(idxPx, "idxPx");
  }

  /** A {@code data} row; throws IllegalArgumentException naming what is missing or malformed. */
  public static IndexPrice fromRow(JsonObject row) {
    try {
      return new IndexPrice(OkxRows.required(row, "instId"), OkxRows.positive(row, "idxPx"),
          OkxRows.millis(row, "ts"));
    } catch (IllegalArgumentException e) {
      throw OkxRows.problem("index ticker", row, e);
    }
  }
}
