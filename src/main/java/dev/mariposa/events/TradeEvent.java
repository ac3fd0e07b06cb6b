package dev.mariposa.events;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.exchange.Fill;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A settled order of one agent: the body of {@code trade.<agentId>} (its schema is
 * events/trade.schema.json). The order and the position after it are kept as their JSON text
 * (the order store's and the account's), so the record is immutable and spliced into the body as
 * it is; the fills and the cash are exact decimals, written without trailing zeros. {@code positionJson} is null when the agent
 * holds nothing in the symbol (the body says {@code "position":null}).
 *
 * <p>{@link #symbol} and {@link #receivedAt} (the last fill's time, else the order's creation) are
 * read from the order and the fills; they are no fields of the body.
 */
public record TradeEvent(String symbol, long receivedAt, String type, String orderJson, List<Fill> fills,
                         String positionJson, BigDecimal cash) implements MarketEvent {

  public TradeEvent {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(orderJson, "order");
    // As published: exact decimals without trailing zeros, whichever scale the venue reported.
    fills = Objects.requireNonNull(fills, "fills").stream().map(f -> new Fill(JsonDecimals.number(f.quantity()),
        JsonDecimals.number(f.price()), JsonDecimals.number(f.fee()), f.at())).toList();
    cash = JsonDecimals.number(Objects.requireNonNull(cash, "cash"));
  }

  /** The event of {@code order} (its wire form) settled with {@code fills}: a fill, or an order that did not execute. */
  public static TradeEvent of(JsonObject order, List<Fill> fills, JsonObject position, BigDecimal cash) {
    long at = fills.isEmpty() ? order.getLong("createdAt", 0L) : fills.get(fills.size() - 1).at();
    return new TradeEvent(order.getString("symbol"), at, fills.isEmpty() ? "order" : "fill", order.encode(), fills,
        position == null ? null : position.encode(), cash);
  }

  /** Reads a published body (from Redis); throws IllegalArgumentException if it is not a trade event. */
  public static TradeEvent fromJson(JsonObject json) {
    try {
      List<Fill> fills = new ArrayList<>();
      for (Object item : Objects.requireNonNull(json.getJsonArray("fills"), "no fills")) {
        JsonObject fill = (JsonObject) item;
        fills.add(new Fill(decimal(fill, "quantity"), decimal(fill, "price"), decimal(fill, "fee"), fill.getLong("at")));
      }
      TradeEvent read = of(Objects.requireNonNull(json.getJsonObject("order"), "no order"), fills,
          json.getJsonObject("position"), decimal(json, "cash"));
      // The type as published, not as derived: the body is read, not judged.
      return new TradeEvent(read.symbol, read.receivedAt, json.getString("type"), read.orderJson, fills,
          read.positionJson, read.cash);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a trade event: " + e.getMessage(), e);
    }
  }

  @Override
  public String encode() {
    StringBuilder fillsJson = new StringBuilder().append('[');
    for (Fill fill : fills) {
      if (fillsJson.length() > 1) {
        fillsJson.append(',');
      }
      fillsJson.append(new JsonText().field("quantity", fill.quantity()).field("price", fill.price())
          .field("fee", fill.fee()).field("at", fill.at()).end());
    }
    return new JsonText().field("type", type).raw("order", orderJson).raw("fills", fillsJson.append(']').toString())
        .raw("position", positionJson == null ? "null" : positionJson).field("cash", cash).end();
  }

  private static BigDecimal decimal(JsonObject json, String field) {
    BigDecimal value = JsonDecimals.read(json.getValue(field));
    if (value == null) {
      throw new IllegalArgumentException("no " + field);
    }
    return value;
  }
}
