package dev.mariposa.research;

import dev.mariposa.agent.Agent;
import dev.mariposa.backtest.Backtest;
import dev.mariposa.command.UsageException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * One search, whoever asked for it ({@code mariposa optimize} or a run of the jobs role): the
 * search (or a walk-forward of searches) through a trial store, the overfitting guards of the best
 * set, and the report. Where the trials are kept, how the progress is shown and what becomes of
 * the report is the caller's.
 *
 * @param from     the period asked for (Long.MIN_VALUE / MAX_VALUE: unbounded); the data narrows it
 * @param guards   whether to run the guards of the best set (nine more runs of it)
 * @param guardsMayFail a guard that cannot be computed (a short period: too few returns, no time
 *                 traded) leaves the report without guards, saying why, rather than failing the
 *                 search: a run of the jobs role; the command fails as it always has
 */
record Optimization(Backtest backtest, Agent agent, AgentTemplate template, SearchSpace space, Objective objective,
                    Search search, Optional<WalkForward.Spec> walkForward, long from, long to, Optional<int[]> axes,
                    boolean guards, boolean guardsMayFail, long seed, int threads) {

  /** What a search gave: the report and the best set (none when every set was rejected or failed). */
  record Result(JsonObject report, Optional<Trial> best, Optional<JsonObject> bestAgent) {}

  /** The period the agent can trade in: the data's span for it, within from and to. */
  long[] span() throws UsageException {
    long[] data = backtest.span(List.of(agent)).orElseThrow(() -> UsageException.alone("the data holds nothing agent "
        + agent.id() + " can use (" + String.join(",", agent.symbols()) + " " + agent.interval() + "; the data holds "
        + backtest.symbols() + ")"));
    long first = Math.max(data[0], from);
    long last = Math.min(data[1], to);
    if (first > last) {
      throw UsageException.alone("no data between --from and --to: the data runs from " + java.time.Instant.ofEpochMilli(data[0])
          + " to " + java.time.Instant.ofEpochMilli(data[1]));
    }
    return new long[] {first, last};
  }

  /** The walk-forward's windows over {@code span}, or empty for one search over it. */
  Optional<List<WalkForward.Window>> windows(long[] span) throws UsageException {
    return walkForward.isEmpty() ? Optional.empty()
        : Optional.of(WalkForward.windows(walkForward.get(), span[0], span[1]));
  }

  /** How many trials the search asks for over {@code windows} (a test run per window included). */
  long planned(Optional<List<WalkForward.Window>> windows) {
    return windows.map(w -> w.size() * (search.planned() + 1)).orElse(search.planned());
  }

  /** Runs the search through {@code store} and writes the report, {@code identity} its run. */
  Result run(long[] span, Optional<List<WalkForward.Window>> windows, JsonObject identity, TrialStore store,
             Progress progress) {
    long started = System.nanoTime();
    try (TrialRunner runner = new TrialRunner(backtest, template, space, objective, store, threads, progress)) {
      List<JsonObject> scopes = new ArrayList<>();
      Optional<Trial> best;
      List<Trial> choices; // the sets the best was chosen among: the deflated Sharpe's number of trials
      JsonObject walkForwardReport = null;
      if (windows.isEmpty()) {
        List<Trial> trials = search.run(runner, new TrialRunner.Period("all", from, to, false));
        scopes.add(scope("all", "whole period", span[0], span[1], trials));
        best = trials.stream().min(Trial.RANKING).filter(Trial::accepted);
        choices = trials;
      } else {
        List<WalkForward.Outcome> outcomes = WalkForward.run(windows.get(), search, runner, progress);
        for (WalkForward.Outcome w : outcomes) {
          scopes.add(scope(w.window().trainScope(), "window " + w.window().n() + " train", w.window().trainFrom(),
              w.window().trainTo(), w.train()));
        }
        walkForwardReport = WalkForward.report(walkForward.get(), outcomes, space, agent.account().startingBalance());
        best = outcomes.get(outcomes.size() - 1).chosen(); // the set the latest data chose: what would trade next
        choices = outcomes.get(outcomes.size() - 1).train();
      }
      progress.finish();
      JsonObject guardsReport = null;
      String guardsSkipped = null;
      if (best.isPresent() && guards) {
        progress.checkpoint();
        progress.note("checking the best set for overfitting: Monte Carlo, deflated Sharpe, look-ahead");
        Agent chosen = template.candidate(space.placed(space.index(best.get().params()))).agent();
        try {
          guardsReport = Guards.of(backtest, chosen, Math.max(from, span[0]), Math.min(to, span[1]), choices,
              walkForwardReport, seed);
        } catch (IllegalArgumentException e) {
          if (!guardsMayFail) {
            throw e;
          }
          guardsSkipped = e.getMessage();
        }
      }
      long wallMs = (System.nanoTime() - started) / 1_000_000;
      int ran = store.all().size() - store.resumed();
      JsonObject bestAgent = best.map(b -> OptimizeCommand.bestAgent(template, space, b)).orElse(null);
      JsonObject report = new JsonObject()
          .put("run", identity)
          .put("execution", new JsonObject().put("threads", threads).put("wallMs", wallMs).put("trialsRun", ran)
              .put("trialsResumed", store.resumed())
              .put("trialsPerSecond", wallMs == 0 ? 0 : ran * 1000.0 / wallMs)
              .put("meanTrialMs", store.all().stream().skip(store.resumed()).mapToLong(Trial::ms).average().orElse(0)))
          .put("objective", objective(objective))
          .put("search", search.describe())
          .put("parameters", new JsonArray(space.parameters().stream().map(p -> new JsonObject().put("path", p.path())
              .put("values", new JsonArray(new ArrayList<>(p.values())))).toList()))
          .put("scopes", new JsonArray(scopes))
          .put("best", best.map(Trial::toJson).orElse(null))
          .put("bestAgent", bestAgent)
          .put("walkForward", walkForwardReport)
          .put("guards", guardsReport);
      if (guardsSkipped != null) {
        report.put("guardsSkipped", "the guards could not be computed: " + guardsSkipped);
      }
      return new Result(report, best, Optional.ofNullable(bestAgent));
    }
  }

  private JsonObject scope(String scope, String label, long from, long to, List<Trial> trials) {
    List<Trial> ranked = trials.stream().sorted(Trial.RANKING).toList();
    return new JsonObject().put("scope", scope).put("label", label).put("period", WalkForward.period(from, to))
        .put("trials", new JsonArray(ranked.stream().map(Trial::toJson).toList()))
        .put("heatmap", axes.map(a -> Heatmap.of(space, a, trials)).orElse(null));
  }

  private static JsonObject objective(Objective objective) {
    return new JsonObject().put("spec", objective.spec()).put("minTrades", objective.minTrades())
        .put("weights", new JsonObject(new HashMap<>(objective.weights())))
        .put("limits", new JsonArray(objective.limits().stream().map(Objective.Limit::toString).toList()));
  }
}
