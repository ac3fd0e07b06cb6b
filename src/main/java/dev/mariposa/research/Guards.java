package dev.mariposa.research;

import dev.mariposa.agent.Agent;
import dev.mariposa.backtest.Backtest;
import dev.mariposa.metrics.Performance;
import dev.mariposa.research.guards.DeflatedSharpe;
import dev.mariposa.research.guards.LookAheadCheck;
import dev.mariposa.research.guards.MonteCarlo;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The overfitting guards of a search, each a section of its report: the out-of-sample degradation
 * (from the walk-forward), a Monte Carlo of the best set's trades, the deflated Sharpe ratio for the
 * number of sets tried, and the look-ahead check of the best set. Each says in one line what it
 * found ({@code verdict}).
 */
final class Guards {
  private Guards() {}

  /**
   * The guards of {@code best}, chosen among {@code trials}, over {@code from}..{@code to};
   * {@code walkForward}: the walk-forward's report, or null when the search ran on one period.
   */
  static JsonObject of(Backtest backtest, Agent best, long from, long to, List<Trial> trials, JsonObject walkForward,
                       long seed) {
    Backtest.Outcome outcome = backtest.run(List.of(best), from, to).outcomes().get(0);
    double[] trialSharpes = trials.stream().filter(t -> t.figures() != null && t.figures().getValue("sharpe") != null)
        .mapToDouble(t -> t.figures().getDouble("sharpe")).toArray();
    return new JsonObject()
        .put("outOfSample", outOfSample(walkForward))
        .put("monteCarlo", MonteCarlo.of(outcome, MonteCarlo.DEFAULT_RUNS, seed).toJson())
        .put("deflatedSharpe", DeflatedSharpe.ofReturns(equitySteps(outcome), trialSharpes).toJson())
        .put("lookAhead", LookAheadCheck.check(backtest, List.of(best), from, to, LookAheadCheck.DEFAULT_CUTS, seed).toJson());
  }

  /** In-sample against out-of-sample, over the walk-forward's windows. */
  private static JsonObject outOfSample(JsonObject walkForward) {
    if (walkForward == null) {
      return new JsonObject().put("verdict", "not measured: the search ran on one period; --walk-forward scores each "
          + "window's best set on the data after it");
    }
    JsonObject overall = walkForward.getJsonObject("overall");
    if (!overall.containsKey("degradation")) {
      return new JsonObject().put("verdict", "not measured: no window had an accepted set to test").put("overall", overall);
    }
    double is = overall.getDouble("meanInSample");
    double oos = overall.getDouble("meanOutOfSample");
    String verdict = String.format(java.util.Locale.ROOT, "out of sample the score is %.4f against %.4f in sample "
        + "(mean over %d windows): %s", oos, is, overall.getInteger("tested"),
        oos >= is ? "no degradation" : oos > 0 && is > 0 ? "it keeps " + Math.round(100 * oos / is) + " % of its edge"
            : "the edge does not survive out of sample");
    return new JsonObject().put("verdict", verdict).put("overall", overall);
  }

  /** The equity's step returns at each fill, from the starting balance: the series the Sharpe of a run is of. */
  private static double[] equitySteps(Backtest.Outcome outcome) {
    BigDecimal start = BigDecimal.valueOf(outcome.agent().account().startingBalance());
    return Performance.stepReturns(start, Performance.of(start, outcome.fills(), Map.of()).equityCurve());
  }
}
