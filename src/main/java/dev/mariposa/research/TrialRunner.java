package dev.mariposa.research;

import dev.mariposa.backtest.Backtest;
import dev.mariposa.backtest.RequestedBacktest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs parameter sets: each through the trial store (a set it knows is not run again), the rest
 * on a pool of threads, each its own {@link Backtest#run} of the candidate agent alone, scored by
 * the objective. A candidate AgentJson refuses, or a run that throws, is a failed trial with the
 * reason, never the end of the search.
 */
final class TrialRunner implements AutoCloseable {
  /** Enough to draw a test window's equity; the stitched curve is made of these. */
  static final int EQUITY_POINTS = 400;
  private final Backtest backtest;
  private final AgentTemplate template;
  private final SearchSpace space;
  private final Objective objective;
  private final TrialStore store;
  private final Progress progress;
  private final ExecutorService pool;

  /** Where a set is run: the store's scope, the trading period (earlier data warms), and whether to keep the curve. */
  record Period(String scope, long from, long to, boolean keepEquity) {}

  TrialRunner(Backtest backtest, AgentTemplate template, SearchSpace space, Objective objective, TrialStore store,
              int threads, Progress progress) {
    this.backtest = backtest;
    this.template = template;
    this.space = space;
    this.objective = objective;
    this.store = store;
    this.progress = progress;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "optimize-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  SearchSpace space() {
    return space;
  }

  /** The trials of {@code sets} in {@code period}, in the order given (a set given twice is run once). */
  List<Trial> evaluate(Period period, List<int[]> sets) {
    Map<String, Future<Trial>> running = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    Map<String, Trial> known = new LinkedHashMap<>();
    for (int[] set : sets) {
      String key = SearchSpace.key(set);
      keys.add(key);
      if (known.containsKey(key) || running.containsKey(key)) {
        continue;
      }
      var stored = store.get(period.scope(), key);
      if (stored.isPresent()) {
        known.put(key, stored.get());
        progress.done(stored.get(), false);
      } else {
        int[] copy = set.clone();
        running.put(key, pool.submit(() -> {
          progress.checkpoint(); // a cancel heard before the trial, not after it
          Trial trial = run(period, copy);
          store.add(trial);
          progress.done(trial, true);
          return trial;
        }));
      }
    }
    for (Map.Entry<String, Future<Trial>> entry : running.entrySet()) {
      try {
        known.put(entry.getKey(), entry.getValue().get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RequestedBacktest.Cancelled cancelled) {
          throw cancelled; // the progress listener stopped the search between trials
        }
        throw new IllegalStateException("a trial failed outside its run: " + e.getCause(), e.getCause());
      }
    }
    return keys.stream().map(known::get).toList();
  }

  /** One set run here and now, the store aside: what a trial of it holds. */
  Trial run(Period period, int[] set) {
    long started = System.nanoTime();
    JsonObject params = space.params(set);
    String key = SearchSpace.key(set);
    AgentTemplate.Candidate candidate = template.candidate(space.placed(set));
    if (!candidate.valid()) {
      return new Trial(period.scope(), key, params, null, null, null, "invalid agent: " + candidate.error(),
          millis(started), null);
    }
    try {
      Backtest.Outcome outcome = backtest.run(List.of(candidate.agent()), period.from(), period.to()).outcomes().get(0);
      JsonObject figures = new JsonObject(outcome.performance().encode()); // as the store reads it back
      Objective.Score score = objective.score(figures);
      return new Trial(period.scope(), key, params, score.value(), score.rejected(), figures, null, millis(started),
          period.keepEquity() ? equity(outcome.equityTimes(), outcome.equityValues()) : null);
    } catch (RuntimeException e) {
      return new Trial(period.scope(), key, params, null, null, null, "run failed: " + e, millis(started), null);
    }
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** [[time, equity], ...]: at most EQUITY_POINTS, the first and the last kept. */
  static JsonArray equity(long[] times, double[] values) {
    JsonArray curve = new JsonArray();
    int stride = Math.max(1, (times.length + EQUITY_POINTS - 1) / EQUITY_POINTS);
    for (int i = 0; i < times.length; i += stride) {
      curve.add(new JsonArray().add(times[i]).add(values[i]));
    }
    if (times.length > 0 && (times.length - 1) % stride != 0) {
      curve.add(new JsonArray().add(times[times.length - 1]).add(values[times.length - 1]));
    }
    return curve;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
