package dev.mariposa.market;

import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.events.Ticker;
import dev.mariposa.events.TradePrint;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses Binance spot stream messages (the combined-stream wrapper {@code {"stream","data"}}) and
 * normalizes them into Mariposa's market events: one place for the live adapter and replay.
 * Depth diffs are not events by themselves: they go to the order book (see {@link #isDepthDiff}).
 */
public final class BinanceMessages {
  private BinanceMessages() {}

  /** A normalized event: where to publish it and its body (a {@link Ticker} for a bookTicker, a {@link TradePrint} for a trade, JSON for a kline). */
  public record Event(String symbol, String address, Object body) {}

  /** The symbol of a combined-stream message, from the stream name ("btcusdt@trade" → BTCUSDT). */
  public static String symbol(JsonObject message) {
    String stream = message.getString("stream", "");
    int at = stream.indexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("no stream name in message");
    }
    return stream.substring(0, at).toUpperCase(Locale.ROOT);
  }

  public static boolean isDepthDiff(JsonObject message) {
    return message.getString("stream", "").contains("@depth") && message.getJsonObject("data").containsKey("U");
  }

  /**
   * The event for a bookTicker, trade, aggTrade or kline message; empty for depth (book input) and
   * for streams Mariposa does not use. Throws {@link IllegalArgumentException} for a malformed one.
   */
  public static Optional<Event> normalize(JsonObject message, long receivedAt) {
    String symbol = symbol(message);
    String stream = message.getString("stream");
    JsonObject data = message.getJsonObject("data");
    if (data == null) {
      throw new IllegalArgumentException("message without data on " + stream);
    }
    try {
      if (stream.endsWith("@bookTicker")) {
        // Spot bookTicker carries no event time: the receive time stands in for it.
        return Optional.of(new Event(symbol, Addresses.ticker(symbol), new Ticker(symbol, "binance", null,
            data.getLong("E", receivedAt), receivedAt, decimal(data, "b"), decimal(data, "B"),
            decimal(data, "a"), decimal(data, "A"), null, data.getLong("u"), null)));
      }
      if (stream.endsWith("@trade") || stream.endsWith("@aggTrade")) {
        return Optional.of(new Event(symbol, Addresses.trade(symbol), new TradePrint(symbol, "binance",
            data.getLong("E"), receivedAt, data.containsKey("a") ? data.getLong("a") : data.getLong("t"),
            decimal(data, "p"), decimal(data, "q"), data.getLong("T"), data.getBoolean("m"))));
      }
      if (stream.contains("@kline_")) {
        JsonObject k = data.getJsonObject("k");
        Kline kline = new Kline(symbol, k.getString("i"), k.getLong("t"), k.getLong("T"),
            decimal(k, "o"), decimal(k, "h"), decimal(k, "l"), decimal(k, "c"), decimal(k, "v"), decimal(k, "q"),
            k.getLong("n"), k.getBoolean("x"));
        return Optional.of(new Event(symbol, Addresses.kline(symbol, kline.interval()),
            kline.toJson(receivedAt, "binance").put("exchangeTime", data.getLong("E"))));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed " + stream + " message: " + e.getMessage(), e);
    }
    return Optional.empty();
  }

  private static JsonObject base(String symbol, long exchangeTime, long receivedAt) {
    return new JsonObject().put("symbol", symbol).put("source", "binance")
        .put("exchangeTime", exchangeTime).put("receivedAt", receivedAt);
  }

  /** Binance's decimal string as a JSON number with exactly its digits (trailing zeros aside). */
  private static BigDecimal number(JsonObject data, String field) {
    return JsonDecimals.number(decimal(data, field));
  }

  private static BigDecimal decimal(JsonObject data, String field) {
    String value = data.getString(field);
    if (value == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return new BigDecimal(value);
  }
}
