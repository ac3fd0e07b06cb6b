package dev.mariposa.backtest;

import dev.mariposa.agent.Agent;
import dev.mariposa.analysis.ModelRegistry;
import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.metrics.TradeFill;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The backtest engine for research (parameter search, walk-forward, the overfitting guards): the
 * data read once, then run as often as asked, on any thread, each run on an engine of its own with
 * exactly the decisions of {@code mariposa backtest}.
 */
public final class Backtest {
  private final ReplayFiles files;
  private final MariposaConfig config;
  private final Optional<Function<String, AnalysisModel>> remoteModels;
  /** The timelines built so far, by the series they serve and their end: parameter sets share them. */
  private final Map<TimelineKey, Timeline> timelines = new ConcurrentHashMap<>();

  private record TimelineKey(Map<String, Set<String>> wanted, long to) {}

  private Backtest(ReplayFiles files, MariposaConfig config, Optional<Function<String, AnalysisModel>> remoteModels) {
    this.files = files;
    this.config = config;
    this.remoteModels = remoteModels;
  }

  /** Reads {@code data} (kline CSVs, recorded streams; as {@code backtest --data}) for runs on {@code config}. */
  public static Backtest prepare(List<Path> data, MariposaConfig config) throws IOException {
    return new Backtest(ReplayFiles.read(data), config, Optional.empty());
  }

  /** The same data, with {@code remote:<name>} models answered in process by {@code models}. */
  public Backtest withRemoteModels(Function<String, AnalysisModel> models) {
    return new Backtest(files, config, Optional.of(models));
  }

  public Set<String> symbols() {
    return files.symbols();
  }

  /** The first and last event times the agents can use, if the data holds any for them. */
  public Optional<long[]> span(List<Agent> agents) {
    return timeline(agents, Long.MAX_VALUE).dataSpan();
  }

  /** The agents trading from {@code from} (earlier data warms the indicators) up to and including {@code to}. */
  public Run run(List<Agent> agents, long from, long to) {
    BacktestEngine.Settings settings = BacktestEngine.Settings.of(config, from, to);
    Timeline timeline = timeline(agents, to);
    BacktestEngine engine = remoteModels.isEmpty() ? new BacktestEngine(timeline, agents, settings)
        : new BacktestEngine(timeline, agents, settings,
            ModelRegistry.builtInWith(BacktestEngine.NO_LLMS, settings.orderFlow(), remoteModels.get()));
    return new Run(engine.run((done, total, orders) -> { }), settings);
  }

  private Timeline timeline(List<Agent> agents, long to) {
    Map<String, Set<String>> wanted = Timeline.wanted(agents);
    return timelines.computeIfAbsent(new TimelineKey(wanted, to), key -> Timeline.of(files, key.to(), key.wanted()));
  }

  /** One run's outcome: each agent's figures and trades, and the full report on demand. */
  public static final class Run {
    private final BacktestEngine.Result result;
    private final BacktestEngine.Settings settings;

    private Run(BacktestEngine.Result result, BacktestEngine.Settings settings) {
      this.result = result;
      this.settings = settings;
    }

    /** When trading started (the later of --from and the data's first event) and the data's last event. */
    public long from() {
      return result.from();
    }

    public long to() {
      return result.to();
    }

    public long events() {
      return result.events();
    }

    public long wallNanos() {
      return result.wallNanos();
    }

    /** Each agent's outcome, in the order given. */
    public List<Outcome> outcomes() {
      return result.runs().stream().map(run -> new Outcome(run.agent, BacktestReport.performance(run, result),
          List.copyOf(run.fills), List.copyOf(run.orders), run.equityTimes.stream().mapToLong(Long::longValue).toArray(),
          run.equityValues.stream().mapToDouble(Double::doubleValue).toArray(), Map.copyOf(run.signals))).toList();
    }

    /** The report {@code mariposa backtest} writes (backtest.json). */
    public JsonObject report() {
      return BacktestReport.json(result, settings);
    }

    /** Writes backtest.json and backtest.html into {@code dir}; returns the paths. */
    public List<Path> write(Path dir) throws IOException {
      return BacktestReport.write(report(), dir);
    }
  }

  /**
   * What one agent did: its figures as the report gives them ({@code returnPct}, {@code sharpe},
   * {@code sortino}, {@code profitFactor}, {@code maxDrawdownPctMarked}, ...: decimals as strings,
   * see {@code Performance}), its fills, its settled orders, its equity curve (at most a few
   * thousand points) and its signals by outcome.
   */
  public record Outcome(Agent agent, JsonObject performance, List<TradeFill> fills, List<JsonObject> orders,
                        long[] equityTimes, double[] equityValues, Map<String, Integer> signals) {}
}
