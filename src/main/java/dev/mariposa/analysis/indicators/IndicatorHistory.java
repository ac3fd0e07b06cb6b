package dev.mariposa.analysis.indicators;

import dev.mariposa.agent.IndicatorPeriods;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An agent's indicators bar by bar, for charts: the closed bars given run through a
 * {@link MarketSeries} of the agent's periods (the code its models read), and the snapshot at each
 * of the last {@code limit} bars is a point. The recursions (EMA, RSI) are seeded from the first bar
 * given, as a live series is from its warm-up load: {@link MarketSeries#warmupBars} bars more than
 * those drawn bring them within cents of the live agent's.
 */
public final class IndicatorHistory {
  private IndicatorHistory() {}

  /** Bars to read for {@code limit} points: the points and a warm-up before them. */
  public static int barsFor(int limit, IndicatorPeriods periods) {
    return limit + MarketSeries.warmupBars(periods);
  }

  /**
   * The points of the last {@code limit} closed bars of {@code bars} (REST klines, oldest first; a
   * bar not closed by {@code now} is left out, as the agent has not seen it): each the snapshot's
   * JSON without symbol and interval, values not warm yet left out.
   */
  public static JsonArray points(String symbol, String interval, List<JsonObject> bars, IndicatorPeriods periods,
                                 int limit, long now) {
    MarketSeries series = new MarketSeries(symbol, interval, Math.max(MarketSeries.warmupBars(periods), bars.size()),
        periods);
    JsonArray all = new JsonArray();
    for (JsonObject bar : bars) {
      if (!bar.getBoolean("closed", true) || bar.getLong("closeTime", Long.MAX_VALUE) >= now) {
        continue;
      }
      if (series.add(bar.getLong("openTime"), bar.getLong("closeTime"), bar.getDouble("open"), bar.getDouble("high"),
          bar.getDouble("low"), bar.getDouble("close"), bar.getDouble("volume"))) {
        JsonObject point = series.snapshot().orElseThrow().toJson();
        point.remove("symbol");
        point.remove("interval");
        all.add(point);
      }
    }
    return all.size() <= limit ? all : new JsonArray(all.getList().subList(all.size() - limit, all.size()));
  }

  /** The periods as the API tells them. */
  public static JsonObject periods(IndicatorPeriods p) {
    return new JsonObject().put("rsi", p.rsi()).put("emaFast", p.emaFast()).put("emaSlow", p.emaSlow())
        .put("macdFast", p.macdFast()).put("macdSlow", p.macdSlow()).put("macdSignal", p.macdSignal())
        .put("bollinger", p.bollinger()).put("bollingerK", p.bollingerK()).put("atr", p.atr()).put("vwap", p.vwap());
  }
}
