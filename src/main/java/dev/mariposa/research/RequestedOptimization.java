package dev.mariposa.research;

import dev.mariposa.agent.Agent;
import dev.mariposa.backtest.Backtest;
import dev.mariposa.backtest.RequestedBacktest;
import dev.mariposa.command.UsageException;
import dev.mariposa.config.MariposaConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An optimisation asked for over the API and run by the jobs role: the engine of {@code mariposa
 * optimize} ({@link Optimization}: the same search, guards and report) on files, one agent, a period
 * and a {@link Spec}, on a bounded number of threads, its progress told to a listener that may stop
 * it between trials (throwing {@link RequestedBacktest.Cancelled}). The trial store is the CLI's, in
 * a private temporary directory deleted at the end: a run of the jobs role does not resume (a run
 * whose instance died is failed, not started again), so its trials need no life beyond the run.
 */
public final class RequestedOptimization {
  /** The most trials a request may ask for (a grid's sets, a random or evolutionary budget). */
  public static final int MAX_TRIALS = 500;
  /** The most trials a walk-forward may add up to over its windows. */
  static final long MAX_WALK_FORWARD_TRIALS = 5_000;
  /** Ten years: longer is a typo (and a length that overflows). */
  private static final long MAX_WINDOW_MS = Duration.ofDays(3650).toMillis();

  private RequestedOptimization() {}

  /**
   * What to search: the space (as {@code --space} takes it, in JSON), the objective and the fewest
   * round trips, the search (grid, random or evolve) with its budget and seed, and the walk-forward
   * windows (as {@code --walk-forward} takes them) or none.
   */
  public record Spec(JsonObject space, String objective, int minTrades, String search, int trials, long seed,
                     Optional<String> walkForward) {}

  /** The report; the best set's score and parameters, when a set was accepted. */
  public record Outcome(JsonObject report, Optional<JsonObject> best) {}

  /** Problems of {@code spec} that need no agent: the objective, the search and the walk-forward. */
  public static List<String> problems(Spec spec) {
    List<String> problems = new ArrayList<>();
    try {
      objective(spec);
    } catch (UsageException e) {
      problems.add(e.getMessage().replaceFirst("^--objective ", "objective: "));
    }
    try {
      walkForward(spec);
    } catch (UsageException e) {
      problems.add(e.getMessage());
    }
    if (!List.of("grid", "random", "evolve").contains(spec.search())) {
      problems.add("search: expected grid, random or evolve");
    }
    return problems;
  }

  /** Problems of {@code spec} for {@code agent}: the space's paths and values, and the grid's size. */
  public static List<String> problems(Spec spec, Agent agent) {
    try {
      search(spec, space(spec, AgentTemplate.of(agent)));
      return List.of();
    } catch (UsageException e) {
      return List.of(e.getMessage());
    } catch (ArithmeticException | NumberFormatException e) {
      // an infinite or huge number (JSON's 1e309, a whole 1e30) that no agent field holds
      return List.of("space: a number out of range (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      // The space is anyone's input here (the CLI's is its user's file): what the reader did not foresee is refused too.
      return List.of("space: not a search space of this agent (" + e + ")");
    }
  }

  /**
   * Runs the search of {@code spec} for {@code agent} on {@code data} ({@code names}: how the report
   * names them) from {@code from} to {@code to} (epoch ms; Long.MIN_VALUE / MAX_VALUE: the data's).
   */
  public static Outcome run(List<Path> data, List<String> names, Agent agent, Spec spec, long from, long to, int threads,
                            MariposaConfig config, RequestedBacktest.Progress listener) throws RequestedBacktest.Refused, IOException {
    Path dir = Files.createTempDirectory("mariposa-optimize-");
    try {
      Backtest backtest = Backtest.prepare(data, config);
      if (backtest.symbols().isEmpty()) {
        throw UsageException.alone("the data holds no bars and no stream messages");
      }
      AgentTemplate template = AgentTemplate.of(agent);
      SearchSpace space = space(spec, template);
      Objective objective = objective(spec);
      Search search = search(spec, space);
      Optimization optimization = new Optimization(backtest, agent, template, space, objective, search, walkForward(spec),
          from, to, Heatmap.axes(space, Optional.empty()), true, true, spec.seed(), threads);
      long[] span = optimization.span();
      Optional<List<WalkForward.Window>> windows = optimization.windows(span);
      long planned = optimization.planned(windows);
      if (planned > MAX_WALK_FORWARD_TRIALS) {
        throw UsageException.alone("walkForward: " + windows.map(List::size).orElse(1) + " windows of " + search.planned()
            + " trials each are " + planned + " trials, more than " + MAX_WALK_FORWARD_TRIALS + ": use longer windows");
      }
      JsonObject identity = OptimizeCommand.identity(new JsonArray(new ArrayList<>(names)), template, space, objective,
          search, config, from, to, optimization.walkForward());
      Progress progress = new Progress(new PrintStream(OutputStream.nullOutputStream()), false, true,
          (done, total) -> listener.update((int) done, (int) total, 0));
      progress.total(planned);
      try (TrialStore store = TrialStore.open(dir, identity, true)) {
        Optimization.Result result = optimization.run(span, windows, identity, store, progress);
        return new Outcome(result.report(), result.best().map(b -> new JsonObject().put("score", b.score())
            .put("params", b.params())));
      }
    } catch (UsageException e) {
      throw new RequestedBacktest.Refused(e.getMessage().replace("--from and --to", "from and to").replace("--", ""));
    } finally {
      delete(dir);
    }
  }

  /** The self-contained HTML page of a report, as {@code mariposa optimize} writes it (optimize.html). */
  public static String html(JsonObject report) {
    return OptimizeReport.html(report);
  }

  private static SearchSpace space(Spec spec, AgentTemplate template) throws UsageException {
    try {
      return SearchSpace.parse(spec.space().encode(), false, template);
    } catch (UsageException e) {
      throw UsageException.alone("space: " + e.getMessage());
    }
  }

  private static Objective objective(Spec spec) throws UsageException {
    Objective objective = Objective.parse(spec.objective(), spec.minTrades());
    boolean finite = Stream.concat(objective.weights().values().stream(), objective.limits().stream().map(Objective.Limit::bound))
        .allMatch(Double::isFinite);
    if (!finite) {
      throw UsageException.alone("objective " + spec.objective() + ": a weight or a bound is too large");
    }
    return objective;
  }

  private static Optional<WalkForward.Spec> walkForward(Spec spec) throws UsageException {
    if (spec.walkForward().isEmpty()) {
      return Optional.empty();
    }
    try {
      WalkForward.Spec parsed = WalkForward.Spec.parse(spec.walkForward().get());
      if (parsed.trainMs() > 0 && parsed.trainMs() <= MAX_WINDOW_MS && parsed.testMs() > 0 && parsed.testMs() <= MAX_WINDOW_MS) {
        return Optional.of(parsed);
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw UsageException.alone("walkForward " + spec.walkForward().get() + ": a window is at most 3650d");
  }

  private static Search search(Spec spec, SearchSpace space) throws UsageException {
    return switch (spec.search()) {
      case "random" -> new RandomSearch(space, spec.trials(), spec.seed());
      case "evolve" -> new EvolutionarySearch(space, spec.trials(), spec.seed());
      default -> {
        if (space.size() > MAX_TRIALS) {
          throw UsageException.alone("space: the grid holds " + (space.size() == Long.MAX_VALUE ? "too many"
              : String.format("%,d", space.size())) + " sets, more than " + MAX_TRIALS
              + ": fewer values, or search random or evolve with trials");
        }
        yield new GridSearch(space);
      }
    };
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
