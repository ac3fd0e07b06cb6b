package dev.mariposa.research.guards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reshuffles and bootstrap resamples of a trade sequence, on sequences small enough to work out by hand. */
class MonteCarloTest {

  @Test
  void twoTradesHaveTwoOrdersAndFourResamples() {
    // +10 then −5 from 100: +5 %, a fall from 110 to 105 (4.545 %); the other order falls 5 % first.
    MonteCarlo.Result result = MonteCarlo.ofPnls(new double[] {10, -5}, 100, 1000, 42);
    assertThat(result.observedReturnPct()).isEqualTo(5);
    assertThat(result.observedMaxDrawdownPct()).isCloseTo(500.0 / 110, within(1e-4));
    MonteCarlo.Distribution reshuffled = result.reshuffledMaxDrawdownPct();
    assertThat(reshuffled.p5()).isCloseTo(500.0 / 110, within(1e-4));
    assertThat(reshuffled.p95()).isEqualTo(5);
    assertThat(reshuffled.atOrBelowPct()).as("about half the orders are the observed one").isBetween(45.0, 55.0);
    // Resamples: +20 (1 in 4), +5 (2 in 4), −10 (1 in 4).
    MonteCarlo.Distribution returns = result.bootstrapReturnPct();
    assertThat(returns.p5()).isEqualTo(-10);
    assertThat(returns.p50()).isEqualTo(5);
    assertThat(returns.p95()).isEqualTo(20);
    assertThat(result.lossProbabilityPct()).isBetween(22.0, 28.0);
  }

  @Test
  void reshufflesKeepTheFinalReturnAndOnlyMoveTheDrawdown() {
    double[] pnls = {50, -30, 20, -60, 80, -10, 40, -25};
    MonteCarlo.Result result = MonteCarlo.ofPnls(pnls, 1_000, 500, 1);
    assertThat(result.observedReturnPct()).isEqualTo(6.5);
    // No order falls further than every loss taken first from the start: 125 of 1000.
    double worst = MonteCarlo.path(new double[] {-30, -60, -10, -25, 50, 20, 80, 40}, 1_000, false)[1];
    assertThat(worst).isEqualTo(12.5);
    MonteCarlo.Distribution drawdowns = result.reshuffledMaxDrawdownPct();
    assertThat(drawdowns.p5()).isPositive().isLessThan(drawdowns.p95());
    assertThat(drawdowns.p95()).isLessThanOrEqualTo(worst);
    assertThat(drawdowns.observed()).isEqualTo(result.observedMaxDrawdownPct());
    // A bootstrap draws as many trades: a return between all losses and all gains.
    assertThat(result.bootstrapReturnPct().p5()).isGreaterThanOrEqualTo(-60 * 8 / 10.0);
    assertThat(result.bootstrapReturnPct().p95()).isLessThanOrEqualTo(80 * 8 / 10.0);
  }

  @Test
  void onlyWinnersNeverDrawDownNorLose() {
    MonteCarlo.Result result = MonteCarlo.ofPnls(new double[] {1, 2, 3, 4}, 100, 1);
    assertThat(result.runs()).isEqualTo(MonteCarlo.DEFAULT_RUNS);
    assertThat(result.reshuffledMaxDrawdownPct().p95()).isZero();
    assertThat(result.bootstrapMaxDrawdownPct().p95()).isZero();
    assertThat(result.lossProbabilityPct()).isZero();
  }

  @Test
  void returnsCompound() {
    // +10 % then −10 %: 0.99 of the start whatever the order; the drawdown is 10 % either way.
    MonteCarlo.Result result = MonteCarlo.ofReturns(new double[] {0.1, -0.1}, 1_000, 300, 5);
    assertThat(result.basis()).isEqualTo("return");
    assertThat(result.observedReturnPct()).isCloseTo(-1, within(1e-9));
    assertThat(result.reshuffledMaxDrawdownPct().p5()).isCloseTo(10, within(1e-9));
    assertThat(result.reshuffledMaxDrawdownPct().p95()).isCloseTo(10, within(1e-9));
    assertThat(MonteCarlo.path(new double[] {-2}, 100, true)[1]).as("a ruin loses 100 %, no more").isEqualTo(100);
  }

  @Test
  void theSameSeedGivesTheSameFiguresAnotherSeedOthers() {
    double[] pnls = new double[200];
    for (int i = 0; i < pnls.length; i++) {
      pnls[i] = Math.sin(i * 1.7) * 20 + 1;
    }
    JsonObject first = MonteCarlo.ofPnls(pnls, 10_000, 11).toJson();
    assertThat(MonteCarlo.ofPnls(pnls, 10_000, 11).toJson()).isEqualTo(first);
    assertThat(MonteCarlo.ofPnls(pnls, 10_000, 12).toJson()).isNotEqualTo(first);
    assertThat(Arrays.stream(pnls).sum()).isPositive();
  }

  @Test
  void theReportSectionAndItsVerdict() {
    MonteCarlo.Result result = MonteCarlo.ofPnls(new double[] {10, -5, 7, -3}, 1_000, 200, 3);
    JsonObject json = result.toJson();
    assertThat(json.fieldNames()).contains("verdict", "basis", "trades", "runs", "seed", "startingBalance", "observed",
        "reshuffled", "bootstrap");
    assertThat(json.getJsonObject("observed").getDouble("returnPct")).isEqualTo(0.9);
    assertThat(json.getJsonObject("bootstrap").getJsonObject("returnPct").fieldNames())
        .containsExactlyInAnyOrder("p5", "p50", "p95", "observed", "atOrBelowPct");
    assertThat(json.getJsonObject("bootstrap").getString("explanation")).contains("200 sequences of 4 trades");
    assertThat(result.verdict()).startsWith("4 trades: 90 % of 200 resamples return ").contains("end in a loss");

    MonteCarlo.Result none = MonteCarlo.ofPnls(new double[0], 1_000, 3);
    assertThat(none.verdict()).isEqualTo("no closed trades: nothing to reshuffle");
    assertThat(none.toJson().containsKey("bootstrap")).isFalse();
  }
}
