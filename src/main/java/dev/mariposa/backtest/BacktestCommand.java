package dev.mariposa.backtest;

import dev.mariposa.agent.Agent;
import dev.mariposa.command.UsageException;
import dev.mariposa.config.ConfigException;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.replay.ReplayFiles;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code java -jar mariposa.jar backtest ...}: reads the data, the agents and the configuration
 * (the same environment variables and config file as a live instance), runs the
 * {@link BacktestEngine} with a progress bar, writes the report and prints a summary; with
 * {@code --parity}, replays the data live too and compares the trades ({@link ParityCheck}). Exit
 * code 0, 2 for bad input (with a message saying what), 1 for a failure or trades that differ.
 */
public final class BacktestCommand {
  private BacktestCommand() {}

  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      BacktestOptions options = BacktestOptions.parse(args);
      if (options.parity()) {
        ParityCheck.checkKlinesOnly(options.data());
      }
      ReplayFiles files = read(options.data());
      Map<String, String> withSymbols = new HashMap<>(env);
      withSymbols.putIfAbsent("SYMBOLS", String.join(",", files.symbols())); // the demo agents trade the data
      MariposaConfig config = ConfigLoader.load(withSymbols);
      List<Agent> agents = BacktestAgents.load(options.agents(), config);
      warnAboutSymbols(agents, files.symbols(), err);
      Timeline timeline = Timeline.of(files, options.to(), Timeline.wanted(agents));
      checkPeriod(timeline, options.from(), options.to());
      long from = options.parity() ? ParityCheck.from(options, timeline) : options.from();
      BacktestEngine.Settings settings = BacktestEngine.Settings.of(config, from, options.to()).withFunding(options.funding());
      BacktestEngine.Progress progress = options.quiet() ? (done, total, orders) -> {}
          : new Progress(err, System.console() != null);
      BacktestEngine.Result result = new BacktestEngine(timeline, agents, settings).run(progress);
      if (options.parity()) {
        out.println("replaying the same data live at REPLAY_SPEED " + options.speed() + " ...");
        ParityCheck.Outcome outcome = ParityCheck.run(result, options.data(), agents, from, options.to(),
            options.speed(), ConfigLoader.json(withSymbols), withSymbols);
        ParityCheck.print(outcome, out);
        return outcome.equal() ? 0 : 1;
      }
      JsonObject report = BacktestReport.json(result, settings);
      List<Path> written = BacktestReport.write(report, options.out());
      summary(report, out);
      written.forEach(p -> out.println("wrote " + p));
      return 0;
    } catch (UsageException e) {
      err.println(e.text("backtest", BacktestOptions.USAGE));
      return 2;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("backtest failed: " + e);
      return 1;
    }
  }

  private static ReplayFiles read(List<Path> data) throws UsageException {
    try {
      ReplayFiles files = ReplayFiles.read(data);
      if (files.symbols().isEmpty()) {
        throw UsageException.withUsage("--data holds no bars and no stream messages");
      }
      return files;
    } catch (IOException e) {
      throw UsageException.withUsage("--data: " + e.getMessage());
    }
  }

  /** Refuses, in one line, a run with nothing to trade on: no usable data, or none between --from and --to. */
  static void checkPeriod(Timeline timeline, long from, long to) throws UsageException {
    if (timeline.dataSpan().isEmpty()) {
      throw UsageException.alone("the data holds nothing the agents can use: " + String.join("; ", timeline.files().stream()
          .filter(f -> !f.notUsed().isEmpty()).map(f -> f.file() + ": " + String.join(", ", f.notUsed())).toList()));
    }
    long first = timeline.dataSpan().get()[0];
    long last = timeline.dataSpan().get()[1];
    String data = "the data runs from " + Instant.ofEpochMilli(first) + " to " + Instant.ofEpochMilli(last);
    if (from > last) {
      throw UsageException.alone("--from " + Instant.ofEpochMilli(from) + " is after the data: " + data);
    }
    if (to < first) {
      throw UsageException.alone("--to " + Instant.ofEpochMilli(to) + " is before the data: " + data);
    }
    if (!timeline.holdsEventsWithin(from, to)) {
      throw UsageException.alone("no data between --from " + Instant.ofEpochMilli(from) + " and --to "
          + Instant.ofEpochMilli(to) + " (no bar closes and no message falls within it): " + data);
    }
  }

  static void warnAboutSymbols(List<Agent> agents, Set<String> symbols, PrintStream err) throws UsageException {
    Set<String> traded = new TreeSet<>();
    agents.forEach(a -> traded.addAll(a.symbols()));
    if (traded.stream().noneMatch(symbols::contains)) {
      throw UsageException.withUsage("the agents trade " + traded + ", the data holds " + symbols + ": nothing to do");
    }
    traded.removeAll(symbols);
    if (!traded.isEmpty()) {
      err.println("backtest: no data for " + traded + ": those symbols are not traded");
    }
  }

  private static void summary(JsonObject report, PrintStream out) {
    JsonObject data = report.getJsonObject("data");
    JsonObject run = report.getJsonObject("run");
    out.printf("%s → %s, %,d events in %.2f s (%,d events/s)%n", data.getString("from"), data.getString("to"),
        data.getLong("events"), run.getLong("wallMs") / 1000.0, run.getLong("eventsPerSecond"));
    for (Object entry : data.getJsonArray("files")) { // what of each file was used, and why the rest was not
      JsonObject file = (JsonObject) entry;
      String why = file.getJsonArray("notUsed").stream().map(String::valueOf).collect(Collectors.joining(", "));
      String used = file.getInteger("used") == 0 ? "not used"
          : String.format("%,d of %,d used", file.getInteger("used"), file.getInteger("items"));
      out.printf("  %s: %s%s%n", file.getString("file"), used, why.isEmpty() ? "" : " (" + why + ")");
    }
    out.printf("%-24s %10s %12s %7s %7s %9s %9s%n", "agent", "return %", "equity", "fills", "trips", "win %", "max DD %");
    for (Object item : report.getJsonArray("agents")) {
      JsonObject agent = (JsonObject) item;
      JsonObject p = agent.getJsonObject("performance");
      out.printf("%-24s %10s %12s %7d %7d %9s %9s%n", agent.getJsonObject("agent").getString("id"), p.getString("returnPct"),
          p.getString("equity"), p.getInteger("fills"), p.getInteger("roundTrips"), p.getString("winRatePct"),
          p.getString("maxDrawdownPctMarked"));
    }
  }
}
