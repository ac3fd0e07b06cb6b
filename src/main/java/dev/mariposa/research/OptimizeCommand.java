package dev.mariposa.research;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.DefaultAgents;
import dev.mariposa.agent.InvalidAgentException;
import dev.mariposa.backtest.Backtest;
import dev.mariposa.command.UsageException;
import dev.mariposa.config.ConfigException;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code java -jar mariposa.jar optimize ...}: reads the data, the agent, the search space and the
 * configuration, runs the search (or a walk-forward of searches) on many threads through the
 * trial store in {@code --out}, writes the report and prints the best sets. Exit code 0, 2 for bad
 * input (one line saying what), 1 for a failure.
 */
public final class OptimizeCommand {
  private static final int TOP = 5;

  private OptimizeCommand() {}

  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      OptimizeOptions o = OptimizeOptions.parse(args);
      MariposaConfig config = ConfigLoader.load(env);
      Backtest backtest = prepare(o.data(), config);
      Agent agent = agent(o.agent(), env, backtest);
      AgentTemplate template = AgentTemplate.of(agent);
      SearchSpace space = SearchSpace.read(o.space(), template);
      Objective objective = Objective.parse(o.objective(), o.minTrades());
      Search search = search(o, space);
      Optional<int[]> axes = Heatmap.axes(space, o.heatmap());
      Optimization optimization = new Optimization(backtest, agent, template, space, objective, search, o.walkForward(),
          o.from(), o.to(), axes, !o.noGuards(), false, o.seed(), o.threads());
      long[] span = optimization.span();
      Optional<List<WalkForward.Window>> windows = optimization.windows(span);
      JsonObject identity = identity(o, template, space, objective, search, config);
      Progress progress = new Progress(err, System.console() != null, o.quiet());
      progress.total(optimization.planned(windows));
      try (TrialStore store = TrialStore.open(o.out(), identity, o.fresh())) {
        if (store.resumed() > 0 || store.hadTornLine()) {
          err.println("optimize: resuming " + o.out().resolve(TrialStore.TRIALS) + ": " + store.resumed() + " trials known"
              + (store.hadTornLine() ? " (a torn last line dropped)" : ""));
        }
        Optimization.Result result = optimization.run(span, windows, identity, store, progress);
        JsonObject report = result.report();
        Optional<Trial> best = result.best();
        JsonObject bestAgent = result.bestAgent().orElse(null);
        summary(report, best, out);
        for (Path p : OptimizeReport.write(report, o.out())) {
          out.println("wrote " + p);
        }
        if (o.saveAgent().isPresent()) {
          if (bestAgent == null) {
            err.println("optimize: no set was accepted, so no agent to write to " + o.saveAgent().get());
            return 1;
          }
          Files.writeString(o.saveAgent().get(), bestAgent.encodePrettily());
          out.println("wrote " + o.saveAgent().get() + " (agent " + bestAgent.getString("id") + ")");
        }
      }
      return 0;
    } catch (UsageException e) {
      err.println(e.text("optimize", OptimizeOptions.USAGE));
      return 2;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("optimize failed: " + e);
      return 1;
    }
  }

  private static Backtest prepare(List<Path> data, MariposaConfig config) throws UsageException {
    try {
      Backtest backtest = Backtest.prepare(data, config);
      if (backtest.symbols().isEmpty()) {
        throw UsageException.alone("--data holds no bars and no stream messages");
      }
      return backtest;
    } catch (IOException e) {
      throw UsageException.alone("--data: " + e.getMessage());
    }
  }

  /** The agent of a JSON file (one agent, as POST /api/agents takes it), or a demo agent on the data's symbols. */
  static Agent agent(String spec, Map<String, String> env, Backtest backtest) throws UsageException {
    Path file = Path.of(spec);
    if (!Files.isRegularFile(file)) {
      Map<String, String> withSymbols = new HashMap<>(env);
      withSymbols.putIfAbsent("SYMBOLS", String.join(",", backtest.symbols()));
      List<Agent> demo = DefaultAgents.of(ConfigLoader.load(withSymbols));
      return demo.stream().filter(a -> a.id().equals(spec)).findFirst().orElseThrow(() -> UsageException.alone(
          "--agent " + spec + ": no such file, nor a demo agent (" + String.join(", ", demo.stream().map(Agent::id).toList())
              + ")"));
    }
    JsonObject json;
    try {
      String text = Files.readString(file).trim();
      if (text.startsWith("[")) {
        JsonArray array = new JsonArray(text);
        if (array.size() != 1 || !(array.getValue(0) instanceof JsonObject one)) {
          throw UsageException.alone("--agent " + file + " holds " + array.size() + " items: optimize tunes one agent");
        }
        json = one;
      } else {
        json = new JsonObject(text);
      }
    } catch (IOException | DecodeException e) {
      throw UsageException.alone("--agent " + file + " is not a JSON agent: " + e.getMessage());
    }
    try {
      Agent agent = AgentJson.parse(json, null, Set.of());
      Set<String> traded = new TreeSet<>(agent.symbols());
      if (traded.stream().noneMatch(backtest.symbols()::contains)) {
        throw UsageException.alone("the agent trades " + traded + ", the data holds " + backtest.symbols() + ": nothing to do");
      }
      return agent;
    } catch (InvalidAgentException e) {
      throw UsageException.alone("--agent " + file + " is invalid: " + String.join("; ", e.problems()));
    }
  }

  private static Search search(OptimizeOptions o, SearchSpace space) throws UsageException {
    return switch (o.search()) {
      case "random" -> new RandomSearch(space, o.trials(), o.seed());
      case "evolve" -> new EvolutionarySearch(space, o.trials(), o.seed());
      default -> {
        if (space.size() > o.maxGrid()) {
          throw UsageException.alone("the grid holds " + (space.size() == Long.MAX_VALUE ? "too many" : String.format("%,d", space.size()))
              + " sets, more than --max-grid " + o.maxGrid() + ": use --search random --trials 500 (or --search evolve),"
              + " or raise --max-grid");
        }
        yield new GridSearch(space);
      }
    };
  }

  /** What makes two runs the same: the data (names, sizes, times), agent, space, objective, search, period, settings. */
  private static JsonObject identity(OptimizeOptions o, AgentTemplate template, SearchSpace space, Objective objective,
                                     Search search, MariposaConfig config) throws IOException {
    JsonArray data = new JsonArray();
    for (Path file : o.data()) {
      data.add(new JsonObject().put("file", file.toAbsolutePath().normalize().toString()).put("bytes", Files.size(file))
          .put("modified", Files.getLastModifiedTime(file).toMillis()));
    }
    return identity(data, template, space, objective, search, config, o.from(), o.to(), o.walkForward());
  }

  /** A run's identity, {@code data} the data's description. */
  static JsonObject identity(JsonArray data, AgentTemplate template, SearchSpace space, Objective objective, Search search,
                             MariposaConfig config, long from, long to, Optional<WalkForward.Spec> walkForward) {
    MariposaConfig.Paper paper = config.exchange().paper();
    String settings = "paper " + paper + ", seriesBars " + config.analysis().seriesBars() + ", barSpreadBps "
        + config.market().replayBarSpreadBps() + ", signalTtl " + config.trade().signalTtl() + ", orderFlow "
        + config.analysis().orderFlow();
    return new JsonObject().put("data", data).put("agent", template.json()).put("space", space.toJson())
        .put("objective", objective.describe()).put("search", search.describe())
        .put("from", from == Long.MIN_VALUE ? null : Instant.ofEpochMilli(from).toString())
        .put("to", to == Long.MAX_VALUE ? null : Instant.ofEpochMilli(to).toString())
        .put("walkForward", walkForward.map(WalkForward.Spec::text).orElse(null))
        .put("settings", settings);
  }

  /** The best set as an agent to POST: the searched agent with the set's values, its id suffixed -opt. */
  static JsonObject bestAgent(AgentTemplate template, SearchSpace space, Trial best) {
    JsonObject json = template.candidate(space.placed(space.index(best.params()))).json();
    String id = json.getString("id");
    json.put("id", id.substring(0, Math.min(id.length(), 36)) + "-opt");
    String name = json.getString("name") + " (optimized)";
    json.put("name", name.length() > 80 ? name.substring(0, 80) : name);
    return json;
  }

  private static void summary(JsonObject report, Optional<Trial> best, PrintStream out) {
    JsonObject execution = report.getJsonObject("execution");
    out.printf("%,d trials run, %,d resumed, in %.1f s (%.2f trials/s on %d threads)%n", execution.getInteger("trialsRun"),
        execution.getInteger("trialsResumed"), execution.getLong("wallMs") / 1000.0,
        execution.getDouble("trialsPerSecond"), execution.getInteger("threads"));
    JsonObject wf = report.getJsonObject("walkForward");
    if (wf != null) {
      out.printf("%-4s %-24s %-24s %12s %12s %12s  %s%n", "win", "train", "test", "in-sample", "out-sample", "degradation", "chosen");
      for (Object item : wf.getJsonArray("windows")) {
        JsonObject w = (JsonObject) item;
        JsonObject is = w.getJsonObject("inSample");
        JsonObject oos = w.getJsonObject("outOfSample");
        out.printf("%-4d %-24s %-24s %12s %12s %12s  %s%n", w.getInteger("n"), days(w.getJsonObject("train")),
            days(w.getJsonObject("test")), is == null ? "–" : score(is.getDouble("score")),
            oos == null ? "–" : score(oos.getDouble("score")) + (oos.getString("rejected") != null ? "*" : ""),
            w.getDouble("degradation") == null ? "–" : score(w.getDouble("degradation")),
            w.getJsonObject("chosen") == null ? w.getString("note") : w.getJsonObject("chosen").getJsonObject("params").encode());
      }
      JsonObject overall = wf.getJsonObject("overall");
      out.printf("out-of-sample: stitched return %.3f%%, mean score %s in-sample vs %s out-of-sample%n",
          overall.getDouble("stitchedReturnPct"), score(overall.getDouble("meanInSample")),
          score(overall.getDouble("meanOutOfSample")));
    } else {
      JsonArray trials = report.getJsonArray("scopes").getJsonObject(0).getJsonArray("trials");
      out.printf("%10s %9s %8s %8s %7s %9s  %s%n", "score", "return %", "sharpe", "max DD %", "trips", "status", "params");
      for (int i = 0; i < Math.min(TOP, trials.size()); i++) {
        JsonObject t = trials.getJsonObject(i);
        JsonObject f = t.getJsonObject("figures");
        out.printf("%10s %9s %8s %8s %7s %9s  %s%n", score(t.getDouble("score")), f == null ? "–" : f.getValue("returnPct"),
            f == null ? "–" : String.format("%.4f", f.getDouble("sharpe")), f == null ? "–" : f.getValue("maxDrawdownPctMarked"),
            f == null ? "–" : f.getValue("roundTrips"), t.getString("status"), t.getJsonObject("params").encode());
      }
    }
    out.println(best.map(b -> "best: " + b.params().encode() + " scoring " + score(b.score()))
        .orElse("no set was accepted (every one was rejected or failed): see the report"));
    JsonObject guards = report.getJsonObject("guards");
    if (guards != null) {
      for (String name : guards.fieldNames()) {
        out.printf("  %-16s %s%n", GUARD_TITLES.get(name), guards.getJsonObject(name).getString("verdict"));
      }
    }
  }

  /** The guards' sections as the summary and the report title them. */
  private static final Map<String, String> GUARD_TITLES = Map.of("outOfSample", "out of sample:",
      "monteCarlo", "Monte Carlo:", "deflatedSharpe", "deflated Sharpe:", "lookAhead", "look-ahead:");

  private static String days(JsonObject period) {
    return period.getString("from").substring(0, 10) + "→" + period.getString("to").substring(0, 10);
  }

  private static String score(Double score) {
    return score == null ? "–" : String.format("%.4f", score);
  }
}
