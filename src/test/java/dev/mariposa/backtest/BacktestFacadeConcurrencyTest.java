package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The facade run by one agent on two threads at once, eight times: every run gives the figures of
 * the run alone. (Each backtest's ExecutionEngine keeps its own orders under way: with the live
 * engines' process-wide map, two runs of one agent took each other's orders, which carry the same
 * client order ids, for their own.)
 */
class BacktestFacadeConcurrencyTest {
  @Test
  void theSameAgentOnTwoThreadsGivesTheSameFigures() throws Exception {
    Backtest backtest = Backtest.prepare(List.of(SharedData.require("binance/klines/months/BTCUSDT-5m-2024-01.csv")),
        ConfigLoader.load(Map.of()));
    Agent agent = AgentJson.parse(new JsonObject().put("id", "tech").put("name", "Technical 5m")
        .put("symbols", new JsonArray().add("BTCUSDT")).put("interval", "5m")
        .put("models", new JsonArray().add(new JsonObject().put("name", "technical").put("weight", 1)))
        .put("minConfidence", 0.3).put("agreement", 0.5), null, Set.of());
    long to = BacktestOptions.time("2024-01-10", "--to", true);
    String alone = backtest.run(List.of(agent), Long.MIN_VALUE, to).outcomes().get(0).performance().encode();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> backtest.run(List.of(agent), Long.MIN_VALUE, to).outcomes().get(0).performance().encode()));
      }
      for (Future<String> run : runs) {
        assertThat(run.get()).isEqualTo(alone);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
