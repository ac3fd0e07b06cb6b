package dev.mariposa.market;

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
    return new Kline(json.getString("symbol"), json.getString("interval"), json.getLong("openTime"),
        json.getLong("closeTime"), BigDecimal.valueOf(json.getDouble("open")), BigDecimal.valueOf(json.getDouble("high")),
        BigDecimal.valueOf(json.getDouble("low")), BigDecimal.valueOf(json.getDouble("close")),
        BigDecimal.valueOf(json.getDouble("volume")), BigDecimal.valueOf(json.getDouble("quoteVolume", 0.0)),
        json.getLong("trades", 0L), json.getBoolean("closed", true));
  }

  /** The event body on {@code market.kline.<SYMBOL>.<interval>}. */
  public JsonObject toJson(long receivedAt, String source) {
    return new JsonObject()
        .put("symbol", symbol).put("interval", interval)
        .put("openTime", openTime).put("closeTime", closeTime)
        .put("open", open.doubleValue()).put("high", high.doubleValue())
        .put("low", low.doubleValue()).put("close", close.doubleValue())
        .put("volume", volume.doubleValue()).put("quoteVolume", quoteVolume.doubleValue())
        .put("trades", trades).put("closed", closed)
        .put("exchangeTime", closeTime).put("receivedAt", receivedAt).put("source", source);
  }
}
