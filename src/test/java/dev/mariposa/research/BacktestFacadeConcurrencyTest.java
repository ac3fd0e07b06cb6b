package dev.mariposa.research;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.backtest.Backtest;
import dev.mariposa.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The facade run by one agent on two threads at once. Disabled while it fails now and then: the
 * kernel's ExecutionEngine keeps the orders under way in a static map by client order id, which two
 * runs of the same agent id share ("a kernel port answered asynchronously"), or worse, one takes the
 * other's order. {@code optimize} runs each set under an id of its own (AgentTemplate.trialId) to stay
 * clear of it; enable this test once the engine's map is per instance.
 */
@Disabled("ExecutionEngine.DRIVING is shared by concurrent backtests of the same agent id")
class BacktestFacadeConcurrencyTest {
  @Test
  void theSameAgentOnTwoThreadsGivesTheSameFigures() throws Exception {
    Backtest backtest = Backtest.prepare(List.of(Fixtures.month()), ConfigLoader.load(Map.of()));
    Agent agent = Fixtures.agent();
    long to = OptimizeOptions.time("2024-01-10", "--to", true);
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
