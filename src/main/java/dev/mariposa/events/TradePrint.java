package dev.mariposa.events;

import dev.mariposa.bus.JsonDecimals;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One trade of one symbol: the body of {@code market.trade.<SYMBOL>} (its schema is
 * events/market.trade.schema.json). Price and quantity are exact decimals as the venue prints
 * them, without trailing zeros; {@code tradeTime} is null where the source has none (the
 * synthetic market). Its JSON form keeps the order every source has published in: symbol,
 * source, exchangeTime, receivedAt, tradeId, price, qty, tradeTime, buyerIsMaker.
 */
public record TradePrint(String symbol, String source, long exchangeTime, long receivedAt, long tradeId,
                         BigDecimal price, BigDecimal qty, Long tradeTime, boolean buyerIsMaker) implements MarketEvent {
  public TradePrint {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(source, "source");
    price = JsonDecimals.number(Objects.requireNonNull(price, "price"));
    qty = JsonDecimals.number(Objects.requireNonNull(qty, "qty"));
  }

  /** Reads a published body; throws IllegalArgumentException if it is not a trade. */
  public static TradePrint fromJson(JsonObject json) {
    try {
      return new TradePrint(json.getString("symbol"), json.getString("source"), json.getLong("exchangeTime"),
          json.getLong("receivedAt"), json.getLong("tradeId"), JsonDecimals.read(json.getValue("price")),
          JsonDecimals.read(json.getValue("qty")), json.getLong("tradeTime"), json.getBoolean("buyerIsMaker"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a trade: " + e.getMessage(), e);
    }
  }

  public TradePrint withSource(String from) {
    return new TradePrint(symbol, from, exchangeTime, receivedAt, tradeId, price, qty, tradeTime, buyerIsMaker);
  }

  @Override
  public String encode() {
    return new JsonText().field("symbol", symbol).field("source", source)
        .field("exchangeTime", exchangeTime).field("receivedAt", receivedAt).field("tradeId", tradeId)
        .field("price", price).field("qty", qty).optional("tradeTime", tradeTime)
        .field("buyerIsMaker", buyerIsMaker)
        .end();
  }
}
