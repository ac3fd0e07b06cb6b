package dev.mariposa.research.guards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

/** The PSR and DSR against published worked numbers and cases checked by hand. */
class DeflatedSharpeTest {

  /**
   * The numerical example of Bailey &amp; López de Prado, "The Deflated Sharpe Ratio" (JPM 40(5),
   * 2014; SSRN 2460551), section "A numerical example": 100 configurations tried, the best with an
   * annualized Sharpe ratio of 2.5 over 5 years of daily returns (T = 1250, 250 a year), skewness
   * −3, kurtosis 10, the trials' annualized Sharpe ratios of variance 1/2. The paper finds an
   * expected maximum of 0.1132 per day and a DSR of 0.9004: not significant at 95 %.
   */
  @Test
  void thePapersNumericalExample() {
    DeflatedSharpe.Result result = DeflatedSharpe.of(2.5 / Math.sqrt(250), 1250, -3, 10, 100, 0.5 / 250);
    assertThat(result.expectedMaxSharpe()).isCloseTo(0.1132, within(5e-5));
    assertThat(result.dsr()).isCloseTo(0.9004, within(5e-5));
    assertThat(result.significant()).isFalse();
    assertThat(result.verdict()).startsWith("DSR 0.90: the best of 100 sets is not significant at 95 %");
  }

  /**
   * A published calculator's table (aifinhub.io, "Deflated Sharpe in low-trial regimes"): an
   * annualized Sharpe ratio of 1.8 over 504 daily returns (252 a year), skewness −0.6, kurtosis
   * 4.5, the trials' annualized Sharpe ratios of variance 1; PSR 0.993 for one trial, 0.298 for 40,
   * 0.160 for 100 and 0.024 for 1000, against annualized benchmarks 2.189, 2.531 and 3.255.
   */
  @Test
  void aPublishedTableOverTheNumberOfTrials() {
    double sharpe = 1.8 / Math.sqrt(252);
    double variance = 1.0 / 252;
    int[] trials = {1, 40, 100, 1000};
    double[] dsr = {0.993, 0.298, 0.160, 0.024};
    double[] benchmark = {0, 2.189, 2.531, 3.255};
    for (int i = 0; i < trials.length; i++) {
      DeflatedSharpe.Result result = DeflatedSharpe.of(sharpe, 504, -0.6, 4.5, trials[i], variance);
      assertThat(result.dsr()).as("DSR for %d trials", trials[i]).isCloseTo(dsr[i], within(5e-4));
      assertThat(result.expectedMaxSharpe() * Math.sqrt(252)).as("benchmark for %d trials", trials[i])
          .isCloseTo(benchmark[i], within(5e-4));
    }
  }

  @Test
  void oneTrialIsThePsrAgainstZero() {
    DeflatedSharpe.Result result = DeflatedSharpe.of(0.1, 101, 0, 3, 1, 0.3);
    assertThat(result.expectedMaxSharpe()).isZero();
    assertThat(result.dsr()).isEqualTo(result.psr());
    // Normal returns: Φ(0.1 × √100 / √(1 + 0.5 × 0.01)) = Φ(0.99751...)
    assertThat(result.psr()).isCloseTo(new NormalDistribution().cumulativeProbability(1 / Math.sqrt(1.005)), within(1e-12));
    assertThat(result.verdict()).contains("the only set tried");
  }

  @Test
  void handCheckedEdges() {
    // At the benchmark itself: a coin toss.
    assertThat(DeflatedSharpe.probabilistic(0.2, 0.2, 500, -1, 6)).isCloseTo(0.5, within(1e-12));
    // No spread among the trials: nothing to select, the benchmark is 0.
    assertThat(DeflatedSharpe.expectedMaxSharpe(50, 0)).isZero();
    // Two trials: √V·((1−γ)·Φ⁻¹(1/2) + γ·Φ⁻¹(1 − 1/(2e))) = 2 × γ × 0.8994...
    assertThat(DeflatedSharpe.expectedMaxSharpe(2, 4)).isCloseTo(2 * DeflatedSharpe.GAMMA
        * new NormalDistribution().inverseCumulativeProbability(1 - 1 / (2 * Math.E)), within(1e-12));
    // More trials, a higher bar: the same Sharpe ratio deflates further.
    double previous = 1;
    for (int n : new int[] {1, 2, 10, 100, 1000}) {
      double dsr = DeflatedSharpe.of(0.1, 1000, 0, 3, n, 0.001).dsr();
      assertThat(dsr).isLessThan(previous);
      previous = dsr;
    }
    // Negative skewness and fat tails widen the Sharpe ratio's error: a lower PSR.
    assertThat(DeflatedSharpe.probabilistic(0.1, 0, 250, -2, 9)).isLessThan(DeflatedSharpe.probabilistic(0.1, 0, 250, 0, 3));
    assertThatThrownBy(() -> DeflatedSharpe.of(0.1, 1, 0, 3, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeflatedSharpe.expectedMaxSharpe(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromReturnsAndTheTrialsSharpeRatios() {
    MersenneTwister random = new MersenneTwister(3);
    double[] returns = new double[20_000];
    for (int i = 0; i < returns.length; i++) {
      returns[i] = 0.001 + 0.01 * random.nextGaussian();
    }
    double[] trials = {0.05, 0.08, 0.02, 0.11, 0.1};
    DeflatedSharpe.Result result = DeflatedSharpe.ofReturns(returns, trials);
    double mean = java.util.Arrays.stream(returns).average().orElseThrow();
    double ss = java.util.Arrays.stream(returns).map(r -> (r - mean) * (r - mean)).sum();
    assertThat(result.sharpe()).isCloseTo(mean / Math.sqrt(ss / (returns.length - 1)), within(1e-12));
    assertThat(result.observations()).isEqualTo(20_000);
    assertThat(result.skewness()).isCloseTo(0, within(0.05)); // normal returns
    assertThat(result.kurtosis()).isCloseTo(3, within(0.1)); // non-excess
    assertThat(result.trials()).isEqualTo(5);
    assertThat(result.trialsVariance()).isCloseTo(0.00137, within(1e-12)); // sample variance of the five
    assertThat(result.dsr()).isEqualTo(DeflatedSharpe.of(result.sharpe(), 20_000, result.skewness(), result.kurtosis(), 5,
        result.trialsVariance()).dsr());

    JsonObject json = result.toJson();
    assertThat(json.fieldNames()).contains("verdict", "dsr", "psr", "significant", "sharpe", "observations", "skewness",
        "kurtosis", "trials", "trialsVariance", "expectedMaxSharpe", "explanation");
    assertThat(json.getString("verdict")).startsWith("DSR ").contains("the best of 5 sets");
  }
}
