package dev.mariposa.research.guards;

import dev.mariposa.agent.Agent;
import dev.mariposa.backtest.Backtest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Whether a strategy's decisions use data from after the moment they are taken (an indicator or a
 * model fitted on the whole series, a peek at the next bar), as freqtrade's lookahead-analysis
 * checks: the run over [from, to] is repeated with the data cut at {@code cuts} random times (seeded)
 * inside its trading period, and the decisions each cut run took must be exactly those the full
 * run took up to that point. A decision is an order's placement: when it reached the venue, the
 * symbol, the side, the quantity and what made it (analysis, exit, ...), per agent in time order.
 *
 * <p>The rule for what is compared: the orders placed at or before the cut run's last event (its
 * data's end). Their placement is fully decided by then, and a strategy without look-ahead places
 * them the same in both runs; what happens to them after it (a resting entry filled later in the
 * full run, cancelled by the cut run's end; a fill price) may legitimately differ, so outcomes are
 * never compared. Orders still on their way to the venue when the cut run's data ends reach it
 * after its last event and are left out on both sides. The last bar itself is compared on purpose:
 * a peek at the next bar's close changes only the decision on the cut run's last bar, where the
 * next bar is missing. The agents' signal counts by outcome cover a whole run, not a time: they are
 * not compared.
 */
public final class LookAheadCheck {
  public static final int DEFAULT_CUTS = 8;

  private LookAheadCheck() {}

  /** One decision as compared: an order's placement. {@code signal} is shown, not compared. */
  public record Decision(long at, String symbol, String side, String quantity, String source, String signal) {
    static Decision of(JsonObject order) {
      Object quantity = order.getValue("quantity");
      return new Decision(order.getLong("at"), order.getString("symbol"), order.getString("side"),
          quantity == null ? "" : new BigDecimal(quantity.toString()).stripTrailingZeros().toPlainString(),
          order.getString("source"), order.getString("signalId", ""));
    }

    boolean sameAs(Decision other) {
      return at == other.at && symbol.equals(other.symbol) && side.equals(other.side) && quantity.equals(other.quantity)
          && source.equals(other.source);
    }

    @Override
    public String toString() {
      return side + " " + quantity + " " + symbol + " at " + time(at) + " (" + source + ")";
    }

    JsonObject toJson() {
      return new JsonObject().put("at", at).put("time", time(at)).put("symbol", symbol).put("side", side)
          .put("quantity", quantity).put("source", source).put("signal", signal);
    }
  }

  /** The first decision that differs at a cut: the agent, its index, and each run's decision there (empty: none). */
  public record Difference(String agent, int index, Optional<Decision> full, Optional<Decision> cut) {
    @Override
    public String toString() {
      return "agent " + agent + "'s decision " + (index + 1) + ": full run " + full.map(Decision::toString).orElse("none")
          + ", cut run " + cut.map(Decision::toString).orElse("none");
    }

    JsonObject toJson() {
      return new JsonObject().put("agent", agent).put("index", index)
          .put("full", full.map(Decision::toJson).orElse(null)).put("cut", cut.map(Decision::toJson).orElse(null));
    }
  }

  /** One cut: where the data was cut, the cut run's last event, how many decisions were compared, and the first difference. */
  public record Cut(long at, long lastEvent, int compared, Optional<Difference> difference) {
    public boolean passed() {
      return difference.isEmpty();
    }

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("at", at).put("time", time(at)).put("lastEvent", lastEvent)
          .put("passed", passed()).put("compared", compared);
      difference.ifPresent(d -> json.put("difference", d.toJson()).put("detail", d.toString()));
      return json;
    }
  }

  /** The section of a report: the full run's span, the seed, and each cut in time order. */
  public record Result(long from, long to, long seed, int fullDecisions, List<Cut> cuts) {
    public boolean passed() {
      return cuts.stream().allMatch(Cut::passed);
    }

    /** One line a trader reads first. */
    public String verdict() {
      Optional<Cut> failed = cuts.stream().filter(c -> !c.passed()).findFirst();
      if (failed.isPresent()) {
        long failures = cuts.stream().filter(c -> !c.passed()).count();
        return "FAILED: cut at " + time(failed.get().at()) + ": " + failed.get().difference().orElseThrow()
            + (failures > 1 ? " (" + failures + " of " + cuts.size() + " cuts differ)" : "");
      }
      int compared = cuts.stream().mapToInt(Cut::compared).sum();
      return "passed: " + cuts.size() + " cuts, decisions identical (" + compared + " compared)";
    }

    public JsonObject toJson() {
      return new JsonObject().put("verdict", verdict()).put("passed", passed()).put("from", from).put("to", to)
          .put("seed", seed).put("fullDecisions", fullDecisions)
          .put("explanation", "the run repeated with the data cut at " + cuts.size() + " random times: the orders "
              + "placed up to each cut's last event (time, symbol, side, quantity, source) must be those of the full "
              + "run; a difference means a decision used data from after it was taken")
          .put("cuts", new JsonArray(cuts.stream().map(Cut::toJson).toList()));
    }
  }

  /**
   * Checks the runs {@code runUpTo} gives: {@code runUpTo.apply(t)} must run the same agents from
   * the same start with the data up to and including {@code t} (the full run is
   * {@code runUpTo.apply(to)}); {@code cuts} cut times are drawn with {@code seed} within its
   * trading period.
   */
  public static Result check(LongFunction<Backtest.Run> runUpTo, long to, int cuts, long seed) {
    if (cuts < 1) {
      throw new IllegalArgumentException("at least one cut is needed");
    }
    Backtest.Run full = runUpTo.apply(to);
    if (full.to() <= full.from()) {
      throw new IllegalArgumentException("the full run trades over no time: nothing to cut");
    }
    List<List<Decision>> fullDecisions = decisions(full);
    List<String> agents = full.outcomes().stream().map(o -> o.agent().id()).toList();
    RandomGenerator random = new MersenneTwister(seed);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < cuts; i++) {
      times.add(full.from() + 1 + (long) (random.nextDouble() * (full.to() - full.from() - 1)));
    }
    times.sort(Comparator.naturalOrder());
    List<Cut> results = new ArrayList<>();
    for (long cut : times) {
      results.add(compare(agents, fullDecisions, cut, runUpTo.apply(cut)));
    }
    return new Result(full.from(), full.to(), seed, fullDecisions.stream().mapToInt(List::size).sum(), List.copyOf(results));
  }

  /** Over a plain backtest: {@code agents} from {@code from}, cut by {@code backtest.run(agents, from, cut)}. */
  public static Result check(Backtest backtest, List<Agent> agents, long from, long to, int cuts, long seed) {
    return check(cut -> backtest.run(agents, from, cut), to, cuts, seed);
  }

  private static Cut compare(List<String> agents, List<List<Decision>> fullDecisions, long at, Backtest.Run cut) {
    long last = cut.to();
    List<List<Decision>> cutDecisions = decisions(cut);
    int compared = 0;
    for (int a = 0; a < agents.size(); a++) {
      List<Decision> mine = upTo(fullDecisions.get(a), last);
      List<Decision> theirs = a < cutDecisions.size() ? upTo(cutDecisions.get(a), last) : List.of();
      for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
        Optional<Decision> f = i < mine.size() ? Optional.of(mine.get(i)) : Optional.empty();
        Optional<Decision> c = i < theirs.size() ? Optional.of(theirs.get(i)) : Optional.empty();
        if (f.isEmpty() || c.isEmpty() || !f.get().sameAs(c.get())) {
          return new Cut(at, last, compared + i, Optional.of(new Difference(agents.get(a), i, f, c)));
        }
      }
      compared += mine.size();
    }
    return new Cut(at, last, compared, Optional.empty());
  }

  /** Each agent's decisions in the order they reached the venue (the report lists orders as they settle). */
  private static List<List<Decision>> decisions(Backtest.Run run) {
    return run.outcomes().stream().map(o -> o.orders().stream().map(Decision::of)
        .sorted(Comparator.comparingLong(Decision::at).thenComparing(Decision::signal)).toList()).toList();
  }

  private static List<Decision> upTo(List<Decision> decisions, long last) {
    return decisions.stream().filter(d -> d.at() <= last).toList();
  }

  private static String time(long at) {
    return Instant.ofEpochMilli(at).toString();
  }
}
