package dev.mariposa.backtest;

import dev.mariposa.command.CommandArguments;
import dev.mariposa.command.UsageException;
import dev.mariposa.kernel.FundingRates;
import dev.mariposa.market.swap.FundingHistory;
import dev.mariposa.market.swap.SwapSymbols;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** The command line of {@code mariposa backtest}, checked: every problem is a {@link UsageException}. */
record BacktestOptions(List<Path> data, Optional<String> agents, long from, long to, Path out, boolean quiet,
                       boolean parity, int speed, FundingRates funding) {
  /** The live replay's pace in a parity check, as REPLAY_SPEED: a minute bar every 600 ms. */
  static final int PARITY_SPEED = 100;

  static final String USAGE = """
      usage: java -jar mariposa.jar backtest --data FILE|DIR... [--agents FILE|ID,ID...] [--from TIME] [--to TIME]
                                             [--funding RATE|FILE...] [--out DIR] [--quiet]
             java -jar mariposa.jar backtest --parity --data FILE... [--agents FILE|ID,ID...] [--from TIME] [--to TIME]
                                             [--speed N]
        --data    kline CSVs (SYMBOL-INTERVAL-DATE.csv, as data.binance.vision serves them), recorded
                  combined-stream files (one {"stream","data"} message per line) and their REST depth
                  snapshots (..._SYMBOL.json); a directory stands for the files in it (but the
                  .csv.bars caches Mariposa keeps of the CSVs there). Each agent's
                  interval is served, period by period, from the finest bars given for its symbol
                  (aggregated up); the report lists what each file gave and why the rest was not used
        --agents  a JSON file with one agent or an array of them (the body of POST /api/agents), or
                  agent ids: looked up in MongoDB when MONGO_URL is set, else the demo agents
                  (momentum-1m, cautious-1m); default: the demo agents on the data's symbols
        --from    trade from this time on (earlier data warms the indicators); --to: up to this time.
                  2024-09-21, 2024-09-21T06:00, 2024-09-21T06:00:00Z or epoch milliseconds (UTC;
                  a date alone is its first millisecond for --from and its last for --to)
        --funding the perpetual swaps' funding (swap agents only): a rate per 8 hours (0.0001 =
                  0.01 %), or OKX funding-rate-history files (GET /api/v5/public/funding-rate-history
                  answers, one swap each); a funding time they lack, and the default, is modelled
                  at 0.01 %, the rate of a swap trading at its index
        --out     where backtest.json and backtest.html go (default: backtest-report)
        --quiet   no progress bar
        --parity  also replay the data live (embedded instance: every role, paper exchange, Redis and
                  MongoDB in a temp dir, the bars before --from warming the indicators) and compare:
                  prints both trade lists' SHA-256, orders and PnL, EQUAL or the first difference;
                  exit 0 only when equal. Kline CSVs only; without --from, trading starts after the
                  first 200 bars
        --speed   the live replay's REPLAY_SPEED in a parity check (default 100: a 1m bar every 600 ms)
      """;

  static BacktestOptions parse(List<String> args) throws UsageException {
    List<Path> data = new ArrayList<>();
    Optional<String> agents = Optional.empty();
    long from = Long.MIN_VALUE;
    long to = Long.MAX_VALUE;
    Path out = Path.of("backtest-report");
    boolean quiet = false;
    boolean parity = false;
    int speed = PARITY_SPEED;
    List<String> funding = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--data" -> {
          while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
            data.addAll(CommandArguments.dataFiles(Path.of(args.get(++i))));
          }
        }
        case "--agents" -> agents = Optional.of(value(args, ++i, arg));
        case "--from" -> from = time(value(args, ++i, arg), arg, false);
        case "--to" -> to = time(value(args, ++i, arg), arg, true);
        case "--out" -> out = Path.of(value(args, ++i, arg));
        case "--quiet" -> quiet = true;
        case "--parity" -> parity = true;
        case "--speed" -> speed = speed(value(args, ++i, arg));
        case "--funding" -> {
          funding.add(value(args, ++i, arg));
          while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
            funding.add(args.get(++i));
          }
        }
        case "--help", "-h" -> throw UsageException.withUsage("");
        default -> throw UsageException.withUsage("unknown argument " + arg);
      }
    }
    if (data.isEmpty()) {
      throw UsageException.withUsage("--data is required: the recorded market data to run on");
    }
    if (from > to) {
      throw UsageException.alone("--from " + Instant.ofEpochMilli(from) + " is after --to " + Instant.ofEpochMilli(to));
    }
    return new BacktestOptions(List.copyOf(data), agents, from, to, out, quiet, parity, speed, funding(funding));
  }

  /** A rate, or funding history files read now (by the swap they are of), the rest modelled. */
  static FundingRates funding(List<String> values) throws UsageException {
    FundingRates modelled = FundingRates.constant(FundingRates.MODELLED);
    if (values.isEmpty()) {
      return modelled;
    }
    if (values.size() == 1 && values.get(0).matches("-?[0-9]*\\.?[0-9]+")) {
      BigDecimal rate = new BigDecimal(values.get(0));
      if (rate.abs().compareTo(new BigDecimal("0.05")) > 0) {
        throw UsageException.withUsage("--funding " + values.get(0) + " is not a funding rate per 8 hours: "
            + "write 0.0001 for 0.01 % (OKX caps rates far below 5 %)");
      }
      return FundingRates.constant(rate);
    }
    Map<String, NavigableMap<Long, BigDecimal>> history = new HashMap<>();
    for (String value : values) {
      try {
        FundingHistory read = FundingHistory.load(Path.of(value));
        NavigableMap<Long, BigDecimal> rates = history.computeIfAbsent(SwapSymbols.symbol(read.instId()), s -> new TreeMap<>());
        read.rows().forEach(row -> rates.put(row.fundingTime(), row.settledRate()));
      } catch (IOException | RuntimeException e) {
        throw UsageException.alone("--funding " + value + ": not an OKX funding-rate-history file: " + e.getMessage());
      }
    }
    return FundingRates.recorded(history, modelled);
  }

  private static int speed(String value) throws UsageException {
    try {
      int speed = Integer.parseInt(value);
      if (speed >= 1) {
        return speed;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw UsageException.withUsage("--speed " + value + " is not a replay speed: a whole number from 1 (real time) up");
  }

  private static String value(List<String> args, int i, String flag) throws UsageException {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw UsageException.withUsage(flag + " needs a value");
    }
    return args.get(i);
  }

  static long time(String value, String flag, boolean endOfDay) throws UsageException {
    return CommandArguments.time(value, flag, endOfDay);
  }
}
