package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An agent's technical model params change its decisions, and only its own: on half a recorded
 * month of BTCUSDT 5m, the params written out at their standard values trade exactly as no params;
 * a higher threshold trades less; other indicator periods get a series of their own and other
 * trades, while the standard agent beside them trades as it does alone.
 */
class TechnicalParamsBacktestTest {
  @Test
  void paramsChangeTheAgentsOwnDecisions() throws Exception {
    Backtest backtest = Backtest.prepare(List.of(SharedData.require("binance/klines/months/BTCUSDT-5m-2024-01.csv")),
        ConfigLoader.load(Map.of()));
    long to = BacktestOptions.time("2024-01-15", "--to", true);
    Agent standard = agent("standard", null);
    Agent written = agent("written", new JsonObject().put("threshold", 0.25).put("oversold", 30).put("overbought", 70)
        .put("rsi", 14).put("emaFast", 9).put("emaSlow", 21).put("macdFast", 12).put("macdSlow", 26).put("macdSignal", 9)
        .put("bollinger", 20).put("bollingerK", 2).put("atr", 14).put("vwap", 20));
    Agent choosy = agent("choosy", new JsonObject().put("threshold", 0.6));
    Agent quick = agent("quick", new JsonObject().put("rsi", 7).put("emaFast", 5).put("emaSlow", 13));

    List<Backtest.Outcome> together = backtest.run(List.of(standard, written, choosy, quick), Long.MIN_VALUE, to).outcomes();
    List<String> alone = placements(backtest.run(List.of(standard), Long.MIN_VALUE, to).outcomes().get(0));
    assertThat(alone).hasSizeGreaterThan(20);
    assertThat(placements(together.get(0))).as("the standard agent, beside the others").isEqualTo(alone);
    assertThat(placements(together.get(1))).as("params at their standard values").isEqualTo(alone);
    assertThat(placements(together.get(2)).size()).as("a threshold of 0.6 trades less").isLessThan(alone.size());
    assertThat(placements(together.get(3))).as("other periods, other trades").isNotEqualTo(alone);

    JsonArray series = backtest.run(List.of(standard, quick), Long.MIN_VALUE, to).report().getJsonObject("data")
        .getJsonArray("series");
    assertThat(series).hasSize(2); // BTCUSDT 5m twice: the standard periods, and quick's
    assertThat(series.stream().map(s -> ((JsonObject) s).getJsonArray("agents").encode()))
        .containsExactlyInAnyOrder("[\"standard\"]", "[\"quick\"]");
  }

  /** Each order's time, side and quantity: what the agent did, whatever its id. */
  private static List<String> placements(Backtest.Outcome outcome) {
    return outcome.orders().stream().map(o -> o.getLong("at") + " " + o.getString("side") + " " + o.getValue("quantity"))
        .toList();
  }

  private static Agent agent(String id, JsonObject params) {
    JsonObject model = new JsonObject().put("name", "technical").put("weight", 1);
    if (params != null) {
      model.put("params", params);
    }
    return AgentJson.parse(new JsonObject().put("id", id).put("symbols", new JsonArray().add("BTCUSDT"))
        .put("interval", "5m").put("models", new JsonArray().add(model)).put("minConfidence", 0.3).put("agreement", 0.5)
        .put("risk", new JsonObject().put("stopLossPct", 1.5).put("takeProfitPct", 2)), null, Set.of());
  }
}
