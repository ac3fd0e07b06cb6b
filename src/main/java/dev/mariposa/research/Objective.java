package dev.mariposa.research;

import dev.mariposa.command.UsageException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a search maximizes, from a run's figures (the backtest report's {@code performance}):
 * {@code return}, {@code sharpe}, {@code sortino}, {@code profit-factor}, or a weighted mix with
 * limits, {@code mix:sharpe=1,return=0.02,maxdd<=20}. A trial past a limit, or with fewer round
 * trips than {@code --min-trades}, is rejected: it keeps its score, shown, but never wins.
 */
public record Objective(String spec, Map<String, Double> weights, List<Limit> limits, int minTrades) {
  /** A profit factor without a losing trade is unbounded: scored as this. */
  static final double PROFIT_FACTOR_CAP = 100;
  private static final Pattern TERM = Pattern.compile("([a-z-]+)\\s*(=|<=|>=)\\s*(-?[0-9]+(?:\\.[0-9]+)?(?:[eE]-?[0-9]+)?)");

  /** The metrics a term can name, and the performance field each reads. */
  static final Map<String, String> METRICS = metrics();

  private static Map<String, String> metrics() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("return", "returnPct");
    m.put("sharpe", "sharpe");
    m.put("sortino", "sortino");
    m.put("profit-factor", "profitFactor");
    m.put("maxdd", "maxDrawdownPctMarked");
    m.put("winrate", "winRatePct");
    m.put("trades", "roundTrips");
    return Map.copyOf(m);
  }

  /** A bound on one metric: {@code maxdd<=20} rejects a trial whose marked drawdown exceeds 20%. */
  public record Limit(String metric, boolean atMost, double bound) {
    @Override
    public String toString() {
      return metric + (atMost ? "<=" : ">=") + format(bound);
    }
  }

  /** A trial's score: {@code rejected} says why it cannot win (null: it can). */
  public record Score(double value, String rejected) {}

  public static Objective parse(String spec, int minTrades) throws UsageException {
    String s = spec.trim();
    if (List.of("return", "sharpe", "sortino", "profit-factor").contains(s)) {
      return new Objective(s, Map.of(s, 1.0), List.of(), minTrades);
    }
    if (!s.startsWith("mix:")) {
      throw UsageException.alone("--objective " + spec + ": expected return, sharpe, sortino, profit-factor or"
          + " mix:METRIC=WEIGHT,...[,METRIC<=BOUND] such as mix:sharpe=1,return=0.02,maxdd<=20");
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    List<Limit> limits = new ArrayList<>();
    for (String term : s.substring(4).split(",")) {
      Matcher m = TERM.matcher(term.trim());
      if (!m.matches()) {
        throw UsageException.alone("--objective " + spec + ": \"" + term.trim() + "\" is not METRIC=WEIGHT, METRIC<=BOUND"
            + " or METRIC>=BOUND");
      }
      String metric = m.group(1);
      if (!METRICS.containsKey(metric)) {
        throw UsageException.alone("--objective " + spec + ": " + metric + " is not a metric (known: "
            + String.join(", ", List.of("return", "sharpe", "sortino", "profit-factor", "maxdd", "winrate", "trades")) + ")");
      }
      double number = Double.parseDouble(m.group(3));
      if (m.group(2).equals("=")) {
        if (weights.put(metric, number) != null) {
          throw UsageException.alone("--objective " + spec + ": " + metric + " is weighted twice");
        }
      } else {
        limits.add(new Limit(metric, m.group(2).equals("<="), number));
      }
    }
    if (weights.isEmpty() || weights.values().stream().allMatch(w -> w == 0)) {
      throw UsageException.alone("--objective " + spec + ": a mix needs at least one weighted metric, e.g. sharpe=1");
    }
    return new Objective(s, Collections.unmodifiableMap(weights), List.copyOf(limits), minTrades); // in the order given: the same sum every time
  }

  /** The score of one run's figures. */
  public Score score(JsonObject performance) {
    double value = 0;
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      value += w.getValue() * metric(performance, w.getKey());
    }
    int trips = performance.getInteger("roundTrips", 0);
    if (trips < minTrades) {
      return new Score(value, trips + " round trips, fewer than --min-trades " + minTrades);
    }
    for (Limit limit : limits) {
      double v = metric(performance, limit.metric());
      if (limit.atMost() ? v > limit.bound() : v < limit.bound()) {
        return new Score(value, limit.metric() + " " + format(v) + " breaks " + limit);
      }
    }
    return new Score(value, null);
  }

  /** One metric of the figures, as a number (a profit factor without losses: capped). */
  static double metric(JsonObject performance, String metric) {
    Object value = performance.getValue(METRICS.get(metric));
    if (metric.equals("profit-factor") && value == null) {
      return performance.getInteger("wins", 0) > 0 ? PROFIT_FACTOR_CAP : 0;
    }
    double v = value instanceof Number n ? n.doubleValue() : value instanceof String s ? Double.parseDouble(s) : 0;
    return metric.equals("profit-factor") ? Math.min(v, PROFIT_FACTOR_CAP) : v;
  }

  /** How the run's identity and the report name it. */
  public String describe() {
    return spec + (minTrades > 0 ? " (min trades " + minTrades + ")" : "");
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
