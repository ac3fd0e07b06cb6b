package dev.mariposa.events;

import dev.mariposa.bus.JsonDecimals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The top of one symbol's order book: the body of {@code market.book.<SYMBOL>} (its schema is
 * events/market.book.schema.json). Levels are exact decimals as the venue quotes them, written
 * without trailing zeros, bids highest first and asks lowest first. The optional fields are null
 * where a source has none: {@code lastUpdateId} (absent on the synthetic market; a kline replay
 * puts the bar's close time there) and {@code derived} (kline replay only).
 *
 * <p>Its JSON form keeps the order each source has always published in. A book kept from a depth
 * stream (an update id and not derived: Binance, the stream replay) writes what the local book
 * snapshot always wrote first: symbol, lastUpdateId, bids, asks, exchangeTime, receivedAt, source.
 * Every other book (synthetic, bar-derived) writes its header first: symbol, source, derived,
 * exchangeTime, receivedAt, lastUpdateId, bids, asks.
 */
public record BookSnapshot(String symbol, String source, Boolean derived, Long lastUpdateId,
                           long exchangeTime, long receivedAt,
                           List<Level> bids, List<Level> asks) implements MarketEvent {
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  /** One price level: the quantity resting at a price. */
  public record Level(BigDecimal price, BigDecimal quantity) {
    public Level {
      price = JsonDecimals.number(Objects.requireNonNull(price, "price"));
      quantity = JsonDecimals.number(Objects.requireNonNull(quantity, "quantity"));
    }
  }

  public BookSnapshot {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(source, "source");
    bids = List.copyOf(bids);
    asks = List.copyOf(asks);
  }

  /** Reads a published body (from Redis, a cache, a recording); throws IllegalArgumentException if it is not a book. */
  public static BookSnapshot fromJson(JsonObject json) {
    try {
      return new BookSnapshot(json.getString("symbol"), json.getString("source"), json.getBoolean("derived"),
          json.getLong("lastUpdateId"), json.getLong("exchangeTime"), json.getLong("receivedAt"),
          levels(json.getJsonArray("bids")), levels(json.getJsonArray("asks")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a book: " + e.getMessage(), e);
    }
  }

  /** The best bid, or null on an empty side. */
  public Level bestBid() {
    return bids.isEmpty() ? null : bids.get(0);
  }

  /** The best ask, or null on an empty side. */
  public Level bestAsk() {
    return asks.isEmpty() ? null : asks.get(0);
  }

  /** (best bid + best ask) / 2, exact; null when a side is empty. */
  public BigDecimal mid() {
    return bids.isEmpty() || asks.isEmpty() ? null
        : JsonDecimals.number(bestBid().price().add(bestAsk().price()).divide(TWO));
  }

  /** The side a taker walks: asks for a buy, bids for a sell. */
  public List<Level> takerSide(boolean buy) {
    return buy ? asks : bids;
  }

  /** The same book with at most {@code depth} levels a side (itself when it has no more). */
  public BookSnapshot top(int depth) {
    if (bids.size() <= depth && asks.size() <= depth) {
      return this;
    }
    return new BookSnapshot(symbol, source, derived, lastUpdateId, exchangeTime, receivedAt,
        bids.subList(0, Math.min(depth, bids.size())), asks.subList(0, Math.min(depth, asks.size())));
  }

  @Override
  public String encode() {
    JsonText json = new JsonText().field("symbol", symbol);
    if (lastUpdateId != null && derived == null) {
      return json.field("lastUpdateId", lastUpdateId).raw("bids", side(bids)).raw("asks", side(asks))
          .field("exchangeTime", exchangeTime).field("receivedAt", receivedAt).field("source", source).end();
    }
    return json.field("source", source).optional("derived", derived)
        .field("exchangeTime", exchangeTime).field("receivedAt", receivedAt).optional("lastUpdateId", lastUpdateId)
        .raw("bids", side(bids)).raw("asks", side(asks)).end();
  }

  private static String side(List<Level> levels) {
    StringBuilder out = new StringBuilder(levels.size() * 24 + 2).append('[');
    for (Level level : levels) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('[').append(level.price()).append(',').append(level.quantity()).append(']');
    }
    return out.append(']').toString();
  }

  private static List<Level> levels(JsonArray side) {
    List<Level> levels = new ArrayList<>(side.size());
    for (int i = 0; i < side.size(); i++) {
      JsonArray level = side.getJsonArray(i);
      levels.add(new Level(decimal(level.getValue(0)), decimal(level.getValue(1))));
    }
    return levels;
  }

  private static BigDecimal decimal(Object value) {
    BigDecimal decimal = JsonDecimals.read(value);
    if (decimal == null) {
      throw new IllegalArgumentException("a level without a price or quantity");
    }
    return decimal;
  }
}
