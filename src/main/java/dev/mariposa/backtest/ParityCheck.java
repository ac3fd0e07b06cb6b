package dev.mariposa.backtest;

import dev.mariposa.agent.Agent;
import dev.mariposa.command.UsageException;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.metrics.TradeFill;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code backtest --parity}: the same data through the {@link BacktestEngine} and through a
 * {@link LiveReplay} of the platform; prints each side's trade list hash (SHA-256 of its canonical
 * text, {@link TradeList}), its number of orders and its PnL, then EQUAL or the first difference.
 * Both decide on the recorded time and an agent's signals one at a time, so with cooldowns and
 * stops on they must trade alike.
 */
final class ParityCheck {
  /** Without --from, the bars that warm the indicators before trading starts. */
  static final int WARM_BARS = 200;

  private ParityCheck() {}

  /** The result: the two sides and their first difference, if any. */
  record Outcome(TradeList backtest, TradeList live, Optional<String> difference) {
    boolean equal() {
      return difference.isEmpty();
    }
  }

  /** Trading starts at --from, or after the first {@value #WARM_BARS} bars of the data. */
  static long from(BacktestOptions options, Timeline timeline) throws UsageException {
    List<Long> closes = timeline.events().stream().filter(e -> e instanceof Timeline.BarEvent).map(Timeline.Event::time)
        .sorted().toList();
    if (options.from() != Long.MIN_VALUE) {
      if (closes.isEmpty() || closes.get(0) >= options.from()) {
        throw UsageException.alone("--parity needs bars before --from: they warm the live replay's indicators");
      }
      return options.from();
    }
    if (closes.size() <= WARM_BARS) {
      throw UsageException.alone("--parity needs more than " + WARM_BARS + " bars before trading (or --from): the data has "
          + closes.size());
    }
    return closes.get(WARM_BARS);
  }

  /** Only kline CSVs replay the same live as in a backtest here. */
  static void checkKlinesOnly(List<Path> data) throws UsageException {
    for (Path file : data) {
      try {
        if (ReplayFiles.kind(file) != ReplayFiles.Kind.KLINES) {
          throw UsageException.alone("--parity replays kline CSVs only: " + file.getFileName() + " is not one");
        }
      } catch (IOException e) {
        throw UsageException.alone("--parity replays kline CSVs only: " + file.getFileName() + " is not one ("
            + e.getMessage() + ")");
      }
    }
  }

  static Outcome run(BacktestEngine.Result result, List<Path> data, List<Agent> agents, long from, long to, int speed,
                     JsonObject json, Map<String, String> env) throws IOException {
    TradeList backtest = trades(result);
    Path work = Files.createTempDirectory("mariposa-parity");
    try {
      TradeList live = new LiveReplay(work, json, env).run(data, agents, from, to, speed);
      return new Outcome(backtest, live, backtest.firstDifference(live));
    } finally {
      delete(work);
    }
  }

  static TradeList trades(BacktestEngine.Result result) {
    Map<String, List<TradeFill>> fills = new TreeMap<>();
    Map<String, BigDecimal> pnl = new TreeMap<>();
    for (AgentRun run : result.runs()) {
      fills.put(run.agent.id(), List.copyOf(run.fills));
      pnl.put(run.agent.id(), run.account().realizedTotal());
    }
    return new TradeList(fills, pnl);
  }

  static void print(Outcome outcome, PrintStream out) {
    out.printf("%-9s %-64s %7s %12s%n", "side", "sha256", "fills", "pnl");
    print("backtest", outcome.backtest(), out);
    print("live", outcome.live(), out);
    out.println(outcome.difference().map(d -> "DIFFERENT: " + d).orElse("EQUAL"));
  }

  private static void print(String side, TradeList trades, PrintStream out) {
    out.printf("%-9s %-64s %7d %12s%n", side, trades.sha256(), trades.fillCount(), trades.totalPnl().toPlainString());
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind
    }
  }
}
