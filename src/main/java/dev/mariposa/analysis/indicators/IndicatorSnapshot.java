package dev.mariposa.analysis.indicators;

import io.vertx.core.json.JsonObject;

/**
 * The indicator values of one symbol at the close of one bar: what every model is given. Values of
 * an indicator that is not warm yet are NaN and left out of the JSON.
 */
public record IndicatorSnapshot(
    String symbol,
    String interval,
    long openTime,
    long closeTime,
    int bars,
    boolean warm,
    double close,
    double rsi,
    double emaFast,
    double emaSlow,
    double macd,
    double macdSignal,
    double macdHistogram,
    double bollingerUpper,
    double bollingerMiddle,
    double bollingerLower,
    double atr,
    double vwap) {

  /** Before the first bar: nothing warm, no value, times 0 (a decision on the order flow alone). */
  public static IndicatorSnapshot beforeFirstBar(String symbol, String interval) {
    double n = Double.NaN;
    return new IndicatorSnapshot(symbol, interval, 0, 0, 0, false, n, n, n, n, n, n, n, n, n, n, n, n);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("symbol", symbol).put("interval", interval)
        .put("openTime", openTime).put("closeTime", closeTime)
        .put("bars", bars).put("warm", warm);
    put(json, "close", close);
    put(json, "rsi", rsi);
    put(json, "emaFast", emaFast);
    put(json, "emaSlow", emaSlow);
    put(json, "macd", macd);
    put(json, "macdSignal", macdSignal);
    put(json, "macdHistogram", macdHistogram);
    put(json, "bollingerUpper", bollingerUpper);
    put(json, "bollingerMiddle", bollingerMiddle);
    put(json, "bollingerLower", bollingerLower);
    put(json, "atr", atr);
    put(json, "vwap", vwap);
    return json;
  }

  private static void put(JsonObject json, String name, double value) {
    if (Double.isFinite(value)) {
      json.put(name, value);
    }
  }
}
