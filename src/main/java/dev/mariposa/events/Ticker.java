package dev.mariposa.events;

import dev.mariposa.bus.JsonDecimals;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The best bid and ask of one symbol: the body of {@code market.ticker.<SYMBOL>} (its schema is
 * events/market.ticker.schema.json). Prices and sizes are exact decimals as the venue quotes them
 * (on its tick and lot), written without trailing zeros. The optional fields are null where a
 * source has none: {@code last} (synthetic only), {@code updateId} (absent on the synthetic
 * market), {@code derived} (kline replay only), {@code bookSynced} (Binance only).
 *
 * <p>Its JSON form is written in one order for every source, the order each source has always
 * published in: symbol, source, derived, exchangeTime, receivedAt, bid, bidQty, ask, askQty, last,
 * updateId, bookSynced.
 */
public record Ticker(String symbol, String source, Boolean derived, long exchangeTime, long receivedAt,
                     BigDecimal bid, BigDecimal bidQty, BigDecimal ask, BigDecimal askQty,
                     BigDecimal last, Long updateId, Boolean bookSynced) implements MarketEvent {
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  public Ticker {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(source, "source");
    bid = JsonDecimals.number(Objects.requireNonNull(bid, "bid"));
    bidQty = JsonDecimals.number(Objects.requireNonNull(bidQty, "bidQty"));
    ask = JsonDecimals.number(Objects.requireNonNull(ask, "ask"));
    askQty = JsonDecimals.number(Objects.requireNonNull(askQty, "askQty"));
    last = last == null ? null : JsonDecimals.number(last);
  }

  /** A venue quote: the fields every source has, the optional ones unset. */
  public static Ticker quote(String symbol, String source, long exchangeTime, long receivedAt,
                             BigDecimal bid, BigDecimal bidQty, BigDecimal ask, BigDecimal askQty) {
    return new Ticker(symbol, source, null, exchangeTime, receivedAt, bid, bidQty, ask, askQty, null, null, null);
  }

  /** Reads a published body (from Redis, a cache, a recording); throws IllegalArgumentException if it is not a ticker. */
  public static Ticker fromJson(JsonObject json) {
    try {
      return new Ticker(json.getString("symbol"), json.getString("source"), json.getBoolean("derived"),
          json.getLong("exchangeTime"), json.getLong("receivedAt"),
          decimal(json, "bid"), decimal(json, "bidQty"), decimal(json, "ask"), decimal(json, "askQty"),
          JsonDecimals.read(json.getValue("last")), json.getLong("updateId"), json.getBoolean("bookSynced"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a ticker: " + e.getMessage(), e);
    }
  }

  public Ticker withUpdateId(long id) {
    return new Ticker(symbol, source, derived, exchangeTime, receivedAt, bid, bidQty, ask, askQty, last, id, bookSynced);
  }

  public Ticker withLast(BigDecimal price) {
    return new Ticker(symbol, source, derived, exchangeTime, receivedAt, bid, bidQty, ask, askQty, price, updateId, bookSynced);
  }

  public Ticker withSource(String from) {
    return new Ticker(symbol, from, derived, exchangeTime, receivedAt, bid, bidQty, ask, askQty, last, updateId, bookSynced);
  }

  public Ticker withBookSynced(boolean synced) {
    return new Ticker(symbol, source, derived, exchangeTime, receivedAt, bid, bidQty, ask, askQty, last, updateId, synced);
  }

  public Ticker asDerived() {
    return new Ticker(symbol, source, true, exchangeTime, receivedAt, bid, bidQty, ask, askQty, last, updateId, bookSynced);
  }

  /** (bid + ask) / 2, exact: at most half a tick finer than the quotes. */
  public BigDecimal mid() {
    return JsonDecimals.number(bid.add(ask).divide(TWO));
  }

  @Override
  public String encode() {
    return new JsonText().field("symbol", symbol).field("source", source).optional("derived", derived)
        .field("exchangeTime", exchangeTime).field("receivedAt", receivedAt)
        .field("bid", bid).field("bidQty", bidQty).field("ask", ask).field("askQty", askQty)
        .optional("last", last).optional("updateId", updateId).optional("bookSynced", bookSynced)
        .end();
  }

  private static BigDecimal decimal(JsonObject json, String field) {
    BigDecimal value = JsonDecimals.read(json.getValue(field));
    if (value == null) {
      throw new IllegalArgumentException("no " + field);
    }
    return value;
  }
}
