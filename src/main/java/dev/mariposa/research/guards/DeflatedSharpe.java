package dev.mariposa.research.guards;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.moment.Kurtosis;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.Skewness;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.moment.Variance;

/**
 * Whether the best of many parameter sets is better than luck: Bailey &amp; López de Prado's
 * probabilistic Sharpe ratio (PSR, 2012) and deflated Sharpe ratio (DSR, "The Deflated Sharpe
 * Ratio: Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal of
 * Portfolio Management 40(5), 2014). The PSR is the probability that the true Sharpe ratio is above
 * a benchmark SR*, given the observed one, the number of observations T and the returns' skewness
 * and (non-excess) kurtosis:
 * {@code PSR(SR*) = Φ((SR − SR*)·√(T−1) / √(1 − skew·SR + (kurt−1)/4·SR²))}. The DSR is the PSR
 * against the Sharpe ratio the best of N independent trials would show by luck alone,
 * {@code E[max SR] = √V·((1−γ)·Φ⁻¹(1−1/N) + γ·Φ⁻¹(1−1/(N·e)))}, V the variance of the trials'
 * Sharpe ratios and γ the Euler–Mascheroni constant. All Sharpe ratios are per period (per
 * observation, not annualized), with a risk-free rate of 0.
 */
public final class DeflatedSharpe {
  /** The Euler–Mascheroni constant. */
  static final double GAMMA = 0.5772156649015329;
  /** The confidence a DSR must reach for the best set to count as significant. */
  public static final double CONFIDENCE = 0.95;
  private static final NormalDistribution NORMAL = new NormalDistribution();

  private DeflatedSharpe() {}

  /**
   * The section of a report: the inputs, the Sharpe ratio luck alone would give the best of the
   * trials ({@code expectedMaxSharpe}), the PSR against 0 and the DSR.
   */
  public record Result(double sharpe, long observations, double skewness, double kurtosis, int trials,
                       double trialsVariance, double expectedMaxSharpe, double psr, double dsr) {

    public boolean significant() {
      return dsr >= CONFIDENCE;
    }

    /** One line a trader reads first. */
    public String verdict() {
      String best = trials == 1 ? "the only set tried" : "the best of " + trials + " sets";
      return format("DSR %.2f: %s %s significant at %.0f %% (Sharpe %.4f per period against %.4f expected from luck)",
          dsr, best, significant() ? "is" : "is not", CONFIDENCE * 100, sharpe, expectedMaxSharpe);
    }

    public JsonObject toJson() {
      return new JsonObject().put("verdict", verdict()).put("dsr", round(dsr)).put("psr", round(psr))
          .put("significant", significant()).put("sharpe", round(sharpe)).put("observations", observations)
          .put("skewness", round(skewness)).put("kurtosis", round(kurtosis)).put("trials", trials)
          .put("trialsVariance", trialsVariance).put("expectedMaxSharpe", round(expectedMaxSharpe))
          .put("explanation", "the probability that the chosen set's true Sharpe ratio beats the best that " + trials
              + (trials == 1 ? " set" : " sets") + " without any edge would show by luck (DSR), and beats 0 (PSR); "
              + "per-period Sharpe ratios, corrected for the returns' skewness and fat tails; "
              + format("%.0f %% or more: significant", CONFIDENCE * 100));
    }
  }

  /**
   * The Sharpe ratio the best of {@code trials} independent trials shows in expectation when none
   * has an edge, their Sharpe ratios having variance {@code variance}; 0 for a single trial.
   */
  public static double expectedMaxSharpe(int trials, double variance) {
    if (trials < 1 || variance < 0) {
      throw new IllegalArgumentException("at least one trial and a variance of 0 or more are needed");
    }
    if (trials == 1) {
      return 0; // nothing was selected: Φ⁻¹(0) would be −∞
    }
    return Math.sqrt(variance) * ((1 - GAMMA) * NORMAL.inverseCumulativeProbability(1 - 1.0 / trials)
        + GAMMA * NORMAL.inverseCumulativeProbability(1 - 1.0 / (trials * Math.E)));
  }

  /** PSR: the probability that the true Sharpe ratio is above {@code benchmark}. */
  public static double probabilistic(double sharpe, double benchmark, long observations, double skewness,
                                     double kurtosis) {
    if (observations < 2) {
      throw new IllegalArgumentException("at least two observations are needed, got " + observations);
    }
    // Never negative for real data (kurtosis ≥ 1 + skewness²): a degenerate sample is kept from a NaN.
    double spread = Math.max(1e-12, 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe);
    return NORMAL.cumulativeProbability((sharpe - benchmark) * Math.sqrt(observations - 1.0) / Math.sqrt(spread));
  }

  /**
   * The DSR of the chosen set: its per-period {@code sharpe} over {@code observations} returns of
   * that {@code skewness} and {@code kurtosis} (non-excess: 3 for normal returns), chosen among
   * {@code trials} sets whose Sharpe ratios have variance {@code trialsVariance}.
   */
  public static Result of(double sharpe, long observations, double skewness, double kurtosis, int trials,
                          double trialsVariance) {
    double expectedMax = expectedMaxSharpe(trials, trialsVariance);
    return new Result(sharpe, observations, skewness, kurtosis, trials, trialsVariance, expectedMax,
        probabilistic(sharpe, 0, observations, skewness, kurtosis),
        probabilistic(sharpe, expectedMax, observations, skewness, kurtosis));
  }

  /**
   * The DSR of the chosen set from its per-period {@code returns} (Sharpe ratio: mean over sample
   * standard deviation, as {@code Performance}; skewness and kurtosis: the sample estimates, the
   * kurtosis made non-excess) and {@code trialSharpes}, the per-period Sharpe ratios of every set
   * tried, the chosen one included (N is their number, V their sample variance).
   */
  public static Result ofReturns(double[] returns, double[] trialSharpes) {
    if (returns.length < 4) {
      throw new IllegalArgumentException("at least four returns are needed for their kurtosis, got " + returns.length);
    }
    if (trialSharpes.length < 1) {
      throw new IllegalArgumentException("the trials' Sharpe ratios are needed, the chosen one at least");
    }
    double sd = new StandardDeviation().evaluate(returns);
    double sharpe = sd == 0 ? 0 : new Mean().evaluate(returns) / sd;
    double skewness = sd == 0 ? 0 : new Skewness().evaluate(returns);
    double kurtosis = sd == 0 ? 3 : new Kurtosis().evaluate(returns) + 3;
    double variance = trialSharpes.length == 1 ? 0 : new Variance().evaluate(trialSharpes);
    return of(sharpe, returns.length, skewness, kurtosis, trialSharpes.length, variance);
  }

  private static double round(double value) {
    return Math.round(value * 1_000_000) / 1_000_000.0;
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
