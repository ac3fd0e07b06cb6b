package dev.mariposa.research.guards;

import dev.mariposa.backtest.Backtest;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.util.MathArrays;

/**
 * How much of a backtest's result is the order its trades happened to come in, and how much it
 * could have varied with trades like these: from the closed trades in order (their P/L, or their
 * returns, compounded) and the starting balance, {@code runs} reshuffles (the same trades in
 * another order: the same final return, another drawdown) and {@code runs} bootstrap resamples
 * (as many trades drawn with replacement: another return, another drawdown). Each distribution is
 * given by its 5th, 50th and 95th percentiles (linear between order statistics, as numpy's
 * default) with the observed value and the share of simulations at or below it. Seeded: the same
 * trades and seed give the same figures.
 */
public final class MonteCarlo {
  public static final int DEFAULT_RUNS = 1000;

  private MonteCarlo() {}

  /** One simulated figure: its 5th, 50th and 95th percentiles, the observed value and the share (%) of runs at or below it. */
  public record Distribution(double p5, double p50, double p95, double observed, double atOrBelowPct) {
    static Distribution of(double[] simulated, double observed) {
      Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
      percentile.setData(simulated);
      long atOrBelow = Arrays.stream(simulated).filter(v -> v <= observed).count();
      return new Distribution(round(percentile.evaluate(5)), round(percentile.evaluate(50)), round(percentile.evaluate(95)),
          round(observed), round(100.0 * atOrBelow / simulated.length));
    }

    JsonObject toJson() {
      return new JsonObject().put("p5", p5).put("p50", p50).put("p95", p95).put("observed", observed)
          .put("atOrBelowPct", atOrBelowPct);
    }
  }

  /**
   * The section of a report: {@code basis} what a trade is ("pnl": its P/L in the quote asset;
   * "return": its return, compounded), the observed return and drawdown (%), the reshuffled
   * drawdowns, the bootstrap returns and drawdowns, and the bootstrap's chance of ending below the
   * starting balance (%).
   */
  public record Result(String basis, int trades, int runs, long seed, double startingBalance,
                       double observedReturnPct, double observedMaxDrawdownPct, Distribution reshuffledMaxDrawdownPct,
                       Distribution bootstrapReturnPct, Distribution bootstrapMaxDrawdownPct, double lossProbabilityPct) {

    /** One line a trader reads first. */
    public String verdict() {
      if (trades == 0) {
        return "no closed trades: nothing to reshuffle";
      }
      return format("%d trades: 90 %% of %d resamples return %.2f %% to %.2f %% (observed %.2f %%), %.1f %% end in a loss; "
              + "the max drawdown passes %.2f %% in 1 of 20 reshuffles (observed %.2f %%)", trades, runs,
          bootstrapReturnPct.p5(), bootstrapReturnPct.p95(), observedReturnPct, lossProbabilityPct,
          reshuffledMaxDrawdownPct.p95(), observedMaxDrawdownPct);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("verdict", verdict()).put("basis", basis).put("trades", trades)
          .put("runs", runs).put("seed", seed).put("startingBalance", startingBalance)
          .put("observed", new JsonObject().put("returnPct", observedReturnPct).put("maxDrawdownPct", observedMaxDrawdownPct));
      if (trades == 0) {
        return json;
      }
      return json
          .put("reshuffled", new JsonObject()
              .put("explanation", "the same trades in " + runs + " random orders: the same final return, the drawdown "
                  + "another order would have brought (percent of the running peak)")
              .put("maxDrawdownPct", reshuffledMaxDrawdownPct.toJson()))
          .put("bootstrap", new JsonObject()
              .put("explanation", runs + " sequences of " + trades + " trades drawn with replacement from the observed ones: "
                  + "the returns and drawdowns trades like these could have given")
              .put("returnPct", bootstrapReturnPct.toJson())
              .put("maxDrawdownPct", bootstrapMaxDrawdownPct.toJson())
              .put("lossProbabilityPct", lossProbabilityPct));
    }
  }

  /** {@code pnls}: each closed trade's P/L in the quote asset, in order (e.g. {@link RoundTrips.Folded#pnls()}). */
  public static Result ofPnls(double[] pnls, double startingBalance, int runs, long seed) {
    return simulate("pnl", pnls, startingBalance, runs, seed);
  }

  public static Result ofPnls(double[] pnls, double startingBalance, long seed) {
    return ofPnls(pnls, startingBalance, DEFAULT_RUNS, seed);
  }

  /** {@code returns}: each trade's return as a fraction of the equity it was taken on (0.01 = 1 %), compounded. */
  public static Result ofReturns(double[] returns, double startingBalance, int runs, long seed) {
    return simulate("return", returns, startingBalance, runs, seed);
  }

  public static Result ofReturns(double[] returns, double startingBalance, long seed) {
    return ofReturns(returns, startingBalance, DEFAULT_RUNS, seed);
  }

  /** Closed round trips, by their P/L. */
  public static Result of(RoundTrips.Folded trips, double startingBalance, int runs, long seed) {
    return ofPnls(trips.pnls(), startingBalance, runs, seed);
  }

  /** One agent of a backtest run: its fills folded into round trips, from its starting balance. */
  public static Result of(Backtest.Outcome outcome, int runs, long seed) {
    return of(RoundTrips.of(outcome.fills()), outcome.agent().account().startingBalance(), runs, seed);
  }

  private static Result simulate(String basis, double[] trades, double startingBalance, int runs, long seed) {
    if (!(startingBalance > 0) || runs < 1) {
      throw new IllegalArgumentException("a positive starting balance and at least one run are needed");
    }
    boolean compounded = basis.equals("return");
    double[] observed = path(trades, startingBalance, compounded);
    if (trades.length == 0) {
      return new Result(basis, 0, runs, seed, startingBalance, 0, 0, null, null, null, 0);
    }
    RandomGenerator random = new MersenneTwister(seed);
    double[] shuffledDrawdowns = new double[runs];
    int[] order = new int[trades.length];
    double[] sequence = new double[trades.length];
    for (int run = 0; run < runs; run++) {
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      MathArrays.shuffle(order, random);
      for (int i = 0; i < order.length; i++) {
        sequence[i] = trades[order[i]];
      }
      shuffledDrawdowns[run] = path(sequence, startingBalance, compounded)[1];
    }
    double[] bootstrapReturns = new double[runs];
    double[] bootstrapDrawdowns = new double[runs];
    int losses = 0;
    for (int run = 0; run < runs; run++) {
      for (int i = 0; i < sequence.length; i++) {
        sequence[i] = trades[random.nextInt(trades.length)];
      }
      double[] figures = path(sequence, startingBalance, compounded);
      bootstrapReturns[run] = figures[0];
      bootstrapDrawdowns[run] = figures[1];
      if (figures[0] < 0) {
        losses++;
      }
    }
    return new Result(basis, trades.length, runs, seed, startingBalance, round(observed[0]), round(observed[1]),
        Distribution.of(shuffledDrawdowns, observed[1]), Distribution.of(bootstrapReturns, observed[0]),
        Distribution.of(bootstrapDrawdowns, observed[1]), round(100.0 * losses / runs));
  }

  /**
   * The return (%) at the end of {@code trades} and their maximum drawdown (%): the largest fall
   * from a running peak (the starting balance included) in percent of that peak, as
   * {@code Performance} measures it; an equity that falls to zero or below has lost 100 %.
   */
  static double[] path(double[] trades, double startingBalance, boolean compounded) {
    double equity = startingBalance;
    double peak = startingBalance;
    double worst = 0;
    for (double trade : trades) {
      equity = compounded ? equity * (1 + trade) : equity + trade;
      peak = Math.max(peak, equity);
      worst = Math.max(worst, Math.min(100, (peak - equity) * 100 / peak));
    }
    return new double[] {(equity - startingBalance) * 100 / startingBalance, worst};
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
