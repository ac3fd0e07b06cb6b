package dev.mariposa.backtest;

import static dev.mariposa.bench.BenchSupport.median;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.DefaultAgents;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.replay.ReplayFiles;
import java.io.BufferedWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The backtest's speed, the engine alone (files read and parsed before the clock starts):
 * <ul>
 *   <li>a year of 1m bars for one agent (momentum-1m on BTCUSDT): the real 2024-09-21 day tiled
 *   365 times, each copy's prices scaled to open where the previous one closed, so the series is
 *   continuous; every bar runs the indicators, the technical model and the ensemble, signals, risk
 *   rules, paper matching and settlement;</li>
 *   <li>recorded stream events: the 10-symbol capture of 2021-04-05 (bookTickers, depth diffs
 *   with the REST snapshots, aggTrades), each symbol traded by an agent: every event runs the
 *   decoding and the order book, every ticker the quotes and the stop checks (the capture has no
 *   bar close, so no analysis runs and no position opens).</li>
 * </ul>
 * Usage: {@code BacktestBench <shared/data dir> [repetitions] [stream passes] [stream]}; prints Markdown
 * ({@code stream}: the recorded stream figure alone).
 */
public final class BacktestBench {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  /** Year runs after the first before the measured ones: the JIT has compiled the engine by then. */
  private static final int WARMUP_YEARS = 3;
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    if (args.length > 3 && args[3].equals("stream")) { // the stream figure alone
      StreamRuns stream = streamRuns(data, repetitions, passes);
      System.out.printf("| recorded stream events (%,d a pass, %d passes) | %,.0f events/s (median of %d) |%n",
          stream.events(), passes, median(stream.eventsPerSecond()), repetitions);
      return;
    }
    Path dir = Files.createTempDirectory("mariposa-backtest-bench");
    try {
      Path year = tileYear(data.resolve(DAY), dir.resolve("BTCUSDT-1m-2023-09-21.csv"));
      ReplayFiles yearFiles = ReplayFiles.read(List.of(year));
      MariposaConfig config = ConfigLoader.load(Map.of("SYMBOLS", "BTCUSDT"));
      List<Agent> momentum = DefaultAgents.of(config).subList(0, 1);
      Timeline yearline = Timeline.of(yearFiles, Long.MAX_VALUE, Timeline.wanted(momentum));
      // The first year in a fresh JVM (what one CLI run pays), then warm-up: the JIT's C2 compiles
      // the engine's methods during the first years (seconds of compiling on 2 cores).
      long coldStarted = System.nanoTime();
      run(yearline, momentum, config);
      double coldSeconds = (System.nanoTime() - coldStarted) / 1e9;
      System.err.printf("year run, cold JVM: %.2f s%n", coldSeconds);
      for (int i = 0; i < WARMUP_YEARS; i++) {
        long started = System.nanoTime();
        run(yearline, momentum, config);
        System.err.printf("warm-up year %d: %.2f s%n", i + 1, (System.nanoTime() - started) / 1e9);
      }
      double[] yearSeconds = new double[repetitions];
      long orders = 0;
      for (int r = 0; r < repetitions; r++) {
        long started = System.nanoTime();
        BacktestEngine.Result result = run(yearline, momentum, config);
        yearSeconds[r] = (System.nanoTime() - started) / 1e9;
        orders = result.runs().get(0).orders.size();
        System.err.printf("year run %d: %.2f s, %d orders%n", r + 1, yearSeconds[r], orders);
      }

      // N parameter sets at once: four year runs on one thread, then on every core given.
      int cores = Runtime.getRuntime().availableProcessors();
      double[] oneThread = new double[repetitions];
      double[] allThreads = new double[repetitions];
      for (int r = 0; r < repetitions; r++) {
        oneThread[r] = parallelBarsPerSecond(yearline, momentum, config, 1);
        allThreads[r] = parallelBarsPerSecond(yearline, momentum, config, cores);
        System.err.printf("4 year runs: %.0f bars/s on 1 thread, %.0f on %d%n", oneThread[r], allThreads[r], cores);
      }

      StreamRuns stream = streamRuns(data, repetitions, passes);
      double[] eventsPerSecond = stream.eventsPerSecond();

      int bars = yearline.size();
      System.out.println("| run | figure | value |");
      System.out.println("|---|---|---|");
      for (int r = 0; r < repetitions; r++) {
        System.out.printf("| %d | a year of 1m bars (%,d), one agent | %.2f s (%,.0f bars/s) |%n", r + 1, bars,
            yearSeconds[r], bars / yearSeconds[r]);
        System.out.printf("| %d | recorded stream events (%,d a pass, %d passes) | %,.0f events/s |%n", r + 1,
            stream.events(), passes, eventsPerSecond[r]);
      }
      for (int r = 0; r < repetitions; r++) {
        System.out.printf("| %d | four year runs at once (bars/s, all runs) | 1 thread: %,.0f; %d threads: %,.0f |%n", r + 1,
            oneThread[r], cores, allThreads[r]);
      }
      System.out.println();
      System.out.println("| figure | median | target | published anchors |");
      System.out.println("|---|---|---|---|");
      System.out.printf("| a year of 1m bars, one agent (%,d orders) | %.2f s (%,.0f bars/s) | ≥ 500k bars/s (≤ 1.1 s) "
          + "| Jesse: 1,051,200 1m candles in 5.75 s (≈ 183k/s) step mode, 2.05 s (≈ 513k/s) fast mode, "
          + "on a Raspberry Pi 5 (its docs-perf/REPORT.md) |%n", orders, median(yearSeconds), bars / median(yearSeconds));
      System.out.printf("| a year of 1m bars, the first run in a fresh JVM (the JIT compiling meanwhile) | %.2f s | | |%n",
          coldSeconds);
      System.out.printf("| recorded stream events (decoding, book, quotes, stop checks) | %,.0f events/s | ≥ 2M events/s "
          + "| NautilusTrader: about 3M data points/s with full order-book upkeep (its docs); LEAN flags < 40k/s as slow |%n",
          median(eventsPerSecond));
      System.out.printf("| N parameter sets in parallel: %d threads over 1 (four year runs) | %.2f× (%,.0f vs %,.0f bars/s) "
          + "| scales with the cores | |%n", cores, median(allThreads) / median(oneThread), median(allThreads),
          median(oneThread));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  /** The events of a pass over the recorded stream and, per repetition, events per second over {@code passes} passes. */
  private record StreamRuns(int events, double[] eventsPerSecond) {}

  private static StreamRuns streamRuns(Path data, int repetitions, int passes) throws Exception {
    List<Path> capture = new ArrayList<>();
    capture.add(data.resolve(CAPTURE));
    try (var files = Files.list(data.resolve("binance/rest"))) {
      files.filter(f -> f.getFileName().toString().startsWith("depth_snapshot_2021-04-05_")).forEach(capture::add);
    }
    ReplayFiles streamFiles = ReplayFiles.read(capture);
    MariposaConfig streamConfig = ConfigLoader.load(Map.of("SYMBOLS", String.join(",", streamFiles.symbols())));
    List<Agent> holders = holders(streamConfig, streamFiles.symbols().stream().toList());
    Timeline streamline = Timeline.of(streamFiles, Long.MAX_VALUE, Timeline.wanted(holders));
    double[] eventsPerSecond = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long events = 0;
      long started = System.nanoTime();
      for (int p = 0; p < passes; p++) {
        events += new BacktestEngine(streamline, holders, settings(streamConfig)).run((done, total, n) -> {}).events();
      }
      eventsPerSecond[r] = events / ((System.nanoTime() - started) / 1e9);
      System.err.printf("stream run %d: %.0f events/s%n", r + 1, eventsPerSecond[r]);
    }
    return new StreamRuns(streamline.size(), eventsPerSecond);
  }

  /** Bars per second over four year runs (each its own engine, as a parameter search runs them) on {@code threads}. */
  private static double parallelBarsPerSecond(Timeline timeline, List<Agent> agents, MariposaConfig config, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long started = System.nanoTime();
      List<Future<Long>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) { // each result dropped as soon as it is made: the heap holds no more than one a thread
        runs.add(pool.submit(() -> run(timeline, agents, config).events()));
      }
      for (Future<Long> run : runs) {
        run.get();
      }
      return 4.0 * timeline.size() / ((System.nanoTime() - started) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private static BacktestEngine.Result run(Timeline timeline, List<Agent> agents, MariposaConfig config) {
    return new BacktestEngine(timeline, agents, settings(config)).run((done, total, orders) -> {});
  }

  private static BacktestEngine.Settings settings(MariposaConfig config) {
    return BacktestEngine.Settings.of(config, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** One agent per symbol, the demo agent's settings. */
  private static List<Agent> holders(MariposaConfig config, List<String> symbols) {
    Agent template = DefaultAgents.of(config).get(0);
    List<Agent> agents = new ArrayList<>();
    for (String symbol : symbols) {
      agents.add(new Agent("hold-" + symbol.toLowerCase(), "Holds " + symbol, List.of(symbol), "1m", template.models(),
          template.minConfidence(), template.agreement(), template.risk(), template.account(), true, 0, 0, 0));
    }
    return agents;
  }

  /** The day's rows, 365 times, a day later each time, prices scaled so each copy opens at the last close. */
  private static Path tileYear(Path day, Path out) throws Exception {
    List<String[]> rows = Files.readAllLines(day).stream().filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
    BigDecimal dayOpen = new BigDecimal(rows.get(0)[1]);
    BigDecimal dayClose = new BigDecimal(rows.get(rows.size() - 1)[4]);
    BigDecimal scale = BigDecimal.ONE;
    long dayMs = 86_400_000L;
    long start = Long.parseLong(rows.get(0)[0]) - 365 * dayMs;
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      for (int d = 0; d < 365; d++) {
        long shift = start + d * dayMs - Long.parseLong(rows.get(0)[0]);
        for (String[] row : rows) {
          String[] copy = row.clone();
          copy[0] = Long.toString(Long.parseLong(row[0]) + shift);
          copy[6] = Long.toString(Long.parseLong(row[6]) + shift);
          for (int c = 1; c <= 4; c++) {
            copy[c] = new BigDecimal(row[c]).multiply(scale, MathContext.DECIMAL64).setScale(2, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
          }
          w.write(String.join(",", copy));
          w.newLine();
        }
        scale = scale.multiply(dayClose, MathContext.DECIMAL64).divide(dayOpen, MathContext.DECIMAL64);
      }
    }
    return out;
  }
}
