package dev.mariposa.market;

import dev.mariposa.bus.JsonDecimals;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** One candlestick, as Binance's kline streams, REST and CSV files describe it. Times in ms. */
public record Kline(
    String symbol,
    String interval,
    long openTime,
    long closeTime,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal volume,
    BigDecimal quoteVolume,
    long trades,
    boolean closed) {

  private static final Map<String, Duration> INTERVALS = Map.ofEntries(
      Map.entry("1m", Duration.ofMinutes(1)), Map.entry("3m", Duration.ofMinutes(3)),
      Map.entry("5m", Duration.ofMinutes(5)), Map.entry("15m", Duration.ofMinutes(15)),
      Map.entry("30m", Duration.ofMinutes(30)), Map.entry("1h", Duration.ofHours(1)),
      Map.entry("2h", Duration.ofHours(2)), Map.entry("4h", Duration.ofHours(4)),
      Map.entry("6h", Duration.ofHours(6)), Map.entry("8h", Duration.ofHours(8)),
      Map.entry("12h", Duration.ofHours(12)), Map.entry("1d", Duration.ofDays(1)));

  /** The length of a Binance interval name such as 1m or 4h; empty for one Mariposa does not know. */
  public static Optional<Duration> intervalLength(String interval) {
    return Optional.ofNullable(INTERVALS.get(interval));
  }

  /** A bar from its event body (the inverse of {@link #toJson}). */
  public static Kline fromJson(JsonObject json) {
    BigDecimal quoteVolume = JsonDecimals.read(json.getValue("quoteVolume"));
    return new Kline(json.getString("symbol"), json.getString("interval"), json.getLong("openTime"),
        json.getLong("closeTime"), decimal(json, "open"), decimal(json, "high"), decimal(json, "low"),
        decimal(json, "close"), decimal(json, "volume"), quoteVolume == null ? BigDecimal.ZERO : quoteVolume,
        json.getLong("trades", 0L), json.getBoolean("closed", true));
  }

  private static BigDecimal decimal(JsonObject json, String field) {
    BigDecimal value = JsonDecimals.read(json.getValue(field));
    if (value == null) {
      throw new IllegalArgumentException("a bar without " + field);
    }
    return value;
  }

  /** The event body on {@code market.kline.<SYMBOL>.<interval>}: prices and volumes exactly as the bar has them. */
  public JsonObject toJson(long receivedAt, String source) {
    return new JsonObject()
        .put("symbol", symbol).put("interval", interval)
        .put("openTime", openTime).put("closeTime", closeTime)
        .put("open", JsonDecimals.number(open)).put("high", JsonDecimals.number(high))
        .put("low", JsonDecimals.number(low)).put("close", JsonDecimals.number(close))
        .put("volume", JsonDecimals.number(volume)).put("quoteVolume", JsonDecimals.number(quoteVolume))
        .put("trades", trades).put("closed", closed)
        .put("exchangeTime", closeTime).put("receivedAt", receivedAt).put("source", source);
  }
}
