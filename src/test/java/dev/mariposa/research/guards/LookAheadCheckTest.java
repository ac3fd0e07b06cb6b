package dev.mariposa.research.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.analysis.model.Action;
import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.backtest.Backtest;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.testing.SharedData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The look-ahead check on a real month of BTCUSDT 5m bars: the built-in technical agent passes it,
 * and two leaky test models are caught: one that buys below the mean close of all the data it is
 * given (an indicator computed on the whole series), one that peeks at the next bar's close.
 */
class LookAheadCheckTest {
  private static final String MONTH = "binance/klines/months/BTCUSDT-5m-2024-01.csv";
  private static final long FROM = Instant.parse("2024-01-03T00:00:00Z").toEpochMilli(); // two days warm the indicators
  private static final long TO = Instant.parse("2024-01-15T23:59:59.999Z").toEpochMilli();
  private static Backtest backtest;
  private static List<Kline> bars;

  @BeforeAll
  static void readTheMonth() throws Exception {
    Path month = SharedData.require(MONTH);
    MariposaConfig config = ConfigLoader.load(Map.of("SYMBOLS", "BTCUSDT"));
    backtest = Backtest.prepare(List.of(month), config);
    bars = ReplayFiles.read(List.of(month)).bars("BTCUSDT");
  }

  @Test
  void theTechnicalAgentTakesTheSameDecisionsWhateverComesAfterThem() {
    LookAheadCheck.Result result = LookAheadCheck.check(backtest, List.of(agent("technical", Agent.TECHNICAL)), FROM, TO,
        LookAheadCheck.DEFAULT_CUTS, 7);
    assertThat(result.passed()).as(result.verdict()).isTrue();
    assertThat(result.cuts()).hasSize(LookAheadCheck.DEFAULT_CUTS);
    assertThat(result.fullDecisions()).as("the full run traded").isGreaterThan(10);
    assertThat(result.cuts().stream().mapToInt(LookAheadCheck.Cut::compared).sum()).as("decisions compared").isPositive();
    assertThat(result.verdict()).startsWith("passed: 8 cuts, decisions identical");
    assertThat(result.cuts()).isSortedAccordingTo(java.util.Comparator.comparingLong(LookAheadCheck.Cut::at))
        .allSatisfy(c -> assertThat(c.at()).isBetween(result.from(), result.to()));
  }

  @Test
  void aModelFittedOnTheWholeSeriesIsCaught() {
    LookAheadCheck.Result result = LookAheadCheck.check(leaky(MeanLeak::new), TO, LookAheadCheck.DEFAULT_CUTS, 7);
    assertThat(result.passed()).isFalse();
    assertThat(result.verdict()).startsWith("FAILED: cut at ").contains("agent leaky's decision");
    JsonObject json = result.toJson();
    assertThat(json.getBoolean("passed")).isFalse();
    JsonObject failed = json.getJsonArray("cuts").stream().map(JsonObject.class::cast)
        .filter(c -> !c.getBoolean("passed")).findFirst().orElseThrow();
    assertThat(failed.getJsonObject("difference").getString("agent")).isEqualTo("leaky");
    assertThat(failed.getString("detail")).contains("full run", "cut run");
  }

  @Test
  void aPeekAtTheNextBarIsCaughtOnTheCutsLastBar() {
    LookAheadCheck.Result result = LookAheadCheck.check(leaky(NextBarLeak::new), TO, LookAheadCheck.DEFAULT_CUTS, 7);
    assertThat(result.passed()).as(result.verdict()).isFalse();
    // Only the last bar of a cut run lacks its next bar: that is where each difference is.
    assertThat(result.cuts()).filteredOn(c -> !c.passed()).isNotEmpty().allSatisfy(c ->
        assertThat(c.difference().orElseThrow().full().orElseThrow().at()).isEqualTo(c.lastEvent()));
  }

  /** Runs of an agent on {@code remote:leaky}, the model built per cut from the bars up to the cut. */
  private static LongFunction<Backtest.Run> leaky(java.util.function.Function<List<Kline>, AnalysisModel> model) {
    Agent agent = agent("leaky", Agent.REMOTE_PREFIX + "leaky");
    return cut -> {
      List<Kline> given = bars.stream().filter(b -> b.closeTime() <= cut).toList();
      return backtest.withRemoteModels(name -> model.apply(given)).run(List.of(agent), FROM, cut);
    };
  }

  static Agent agent(String id, String model) {
    return new Agent(id, id, List.of("BTCUSDT"), "5m", List.of(new Agent.ModelWeight(model, 1)), 0.3, 0.5,
        Agent.RiskLimits.defaults(), new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
  }

  /** Buys below, sells above the mean close of all the bars it was given. */
  static final class MeanLeak implements AnalysisModel {
    private final double mean;

    MeanLeak(List<Kline> bars) {
      this.mean = bars.stream().mapToDouble(b -> b.close().doubleValue()).average().orElse(0);
    }

    @Override
    public String name() {
      return Agent.REMOTE_PREFIX + "leaky";
    }

    @Override
    public Future<ModelDecision> decide(ModelInput input) {
      Action action = input.price() < mean ? Action.BUY : Action.SELL;
      return Future.succeededFuture(ModelDecision.ok(name(), action, 1, List.of("close vs the whole series' mean")));
    }
  }

  /** Buys when the next bar closes higher, sells when lower; holds on the last bar it was given. */
  static final class NextBarLeak implements AnalysisModel {
    private final Map<Long, Double> nextClose = new HashMap<>();

    NextBarLeak(List<Kline> bars) {
      for (int i = 0; i + 1 < bars.size(); i++) {
        nextClose.put(bars.get(i).openTime(), bars.get(i + 1).close().doubleValue());
      }
    }

    @Override
    public String name() {
      return Agent.REMOTE_PREFIX + "leaky";
    }

    @Override
    public Future<ModelDecision> decide(ModelInput input) {
      Double next = nextClose.get(input.indicators().openTime());
      Action action = next == null ? Action.HOLD : next > input.price() ? Action.BUY : Action.SELL;
      return Future.succeededFuture(ModelDecision.ok(name(), action, 1, List.of("the next bar's close")));
    }
  }
}
