package dev.mariposa.analysis.model;

import dev.mariposa.agent.Agent;
import dev.mariposa.analysis.indicators.MarketSeries;
import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.SharedData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The technical model and an agent's ensemble over the real BTCUSDT 1m day of ../shared/data. */
class TechnicalReplayTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";

  @Test
  void replayingTheDayTwiceGivesTheSameDecisionsInTheSameOrder() throws IOException {
    List<Kline> day = KlineCsv.read(SharedData.require(DAY));
    List<String> first = replay(day);
    List<String> second = replay(day);
    assertThat(first).hasSize(1440).isEqualTo(second);

    // Not a model that always says the same thing: it buys, sells and holds on a real day.
    Map<String, Long> byAction = first.stream().map(d -> d.split(" ")[1])
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(byAction.keySet()).containsExactlyInAnyOrder("BUY", "SELL", "HOLD");
    assertThat(byAction.get("HOLD")).isGreaterThan(byAction.get("BUY"));
    // Warming up: the first bars hold with a reason, whatever the prices say.
    assertThat(first.get(0)).contains("HOLD").contains("warming up: 1 of " + MarketSeries.WARMUP_BARS + " bars");
  }

  @Test
  void theEnsembleVotesByWeightAndHoldsBelowItsThresholds() {
    Agent agent = agent(0.6, 0.6, new Agent.ModelWeight("technical", 1), new Agent.ModelWeight("llm:a", 2),
        new Agent.ModelWeight("llm:b", 1));
    // Two thirds of the weight agrees with enough confidence: BUY.
    var buy = Ensemble.vote(agent, List.of(ModelDecision.ok("technical", Action.SELL, 0.9, List.of()),
        ModelDecision.ok("llm:a", Action.BUY, 0.9, List.of()), ModelDecision.ok("llm:b", Action.BUY, 0.9, List.of())));
    assertThat(buy.action()).isEqualTo(Action.BUY);
    assertThat(buy.agreement()).isEqualTo(0.75);
    assertThat(buy.confidence()).isEqualTo(0.675);

    // The same votes, but llm:a broke: 1 against 1, below the agreement threshold.
    var split = Ensemble.vote(agent, List.of(ModelDecision.ok("technical", Action.SELL, 0.9, List.of()),
        ModelDecision.excluded("llm:a", ModelDecision.Status.CIRCUIT_OPEN, "circuit open"),
        ModelDecision.ok("llm:b", Action.BUY, 0.8, List.of())));
    assertThat(split.action()).isEqualTo(Action.HOLD);
    assertThat(split.reasons()).anySatisfy(r -> assertThat(r).startsWith("llm:a left out: circuit_open"))
        .anySatisfy(r -> assertThat(r).startsWith("models disagree"));

    // Agreement, but too little confidence.
    var timid = Ensemble.vote(agent, List.of(ModelDecision.ok("technical", Action.BUY, 0.3, List.of()),
        ModelDecision.ok("llm:a", Action.BUY, 0.4, List.of()), ModelDecision.ok("llm:b", Action.BUY, 0.5, List.of())));
    assertThat(timid.action()).isEqualTo(Action.HOLD);
    assertThat(timid.reasons()).anySatisfy(r -> assertThat(r).contains("below the agent's minimum 0.60"));

    // Nobody answered.
    var silent = Ensemble.vote(agent, List.of(ModelDecision.excluded("technical", ModelDecision.Status.FAILED, "x"),
        ModelDecision.excluded("llm:a", ModelDecision.Status.RATE_LIMITED, "y"),
        ModelDecision.excluded("llm:b", ModelDecision.Status.INVALID, "z")));
    assertThat(silent.action()).isEqualTo(Action.HOLD);
    assertThat(silent.confidence()).isZero();
  }

  private static List<String> replay(List<Kline> day) {
    MarketSeries series = new MarketSeries("BTCUSDT", "1m", 500);
    TechnicalModel model = new TechnicalModel();
    Agent agent = agent(0.5, 0.6, new Agent.ModelWeight("technical", 1));
    List<String> decisions = new ArrayList<>();
    for (Kline k : day) {
      series.add(k.openTime(), k.closeTime(), k.open().doubleValue(), k.high().doubleValue(), k.low().doubleValue(),
          k.close().doubleValue(), k.volume().doubleValue());
      var snapshot = series.snapshot().orElseThrow();
      ModelInput input = new ModelInput(snapshot, Optional.empty(), series.recentCloses(20), snapshot.close(),
          ModelInput.Trigger.BAR);
      ModelDecision decision = model.evaluate(input);
      var verdict = Ensemble.vote(agent, List.of(decision));
      decisions.add(k.openTime() + " " + verdict.action() + " " + verdict.confidence() + " " + decision.reasons());
    }
    return decisions;
  }

  private static Agent agent(double minConfidence, double agreement, Agent.ModelWeight... models) {
    return new Agent("test", "test", List.of("BTCUSDT"), "1m", List.of(models), minConfidence, agreement,
        Agent.RiskLimits.defaults(), new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
  }
}
