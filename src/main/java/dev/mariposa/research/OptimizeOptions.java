package dev.mariposa.research;

import dev.mariposa.command.CommandArguments;
import dev.mariposa.command.UsageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The command line of {@code mariposa optimize}, checked: every problem is a {@link UsageException}. */
record OptimizeOptions(List<Path> data, String agent, Path space, String search, int trials, long seed, long maxGrid,
                       String objective, int minTrades, int threads, long from, long to,
                       Optional<WalkForward.Spec> walkForward, Path out, boolean fresh, Optional<List<String>> heatmap,
                       Optional<Path> saveAgent, boolean quiet, boolean noGuards) {
  static final long MAX_GRID = 10_000;
  static final int TRIALS = 100;

  static final String USAGE = """
      usage: java -jar mariposa.jar optimize --data FILE|DIR... --agent FILE|ID --space FILE
                                             [--search grid|random|evolve] [--trials N] [--seed N] [--max-grid N]
                                             [--objective SPEC] [--min-trades N] [--threads N] [--from TIME] [--to TIME]
                                             [--walk-forward train=60d,test=30d[,anchored]] [--heatmap PATH,PATH]
                                             [--out DIR] [--fresh] [--save-agent FILE] [--no-guards] [--quiet]
        --data       the recorded market data, as backtest --data takes it (kline CSVs, recorded streams)
        --agent      the agent to tune: a JSON file (the body of POST /api/agents) or a demo agent's id
        --space      the parameters to search, JSON or YAML: {"parameters": {"minConfidence": {"min": 0.3,
                     "max": 0.7, "step": 0.1}, "models.technical.weight": {"values": [0.5, 1, 2]}, ...}}: dotted
                     paths into the agent's JSON (models.<name>.<field> picks a model by name)
        --search     grid (every set; default), random (--trials distinct sets, seeded) or evolve (a genetic
                     search of about --trials runs, seeded); --max-grid: the most sets a grid may hold (10000)
        --trials     the budget of random and evolve (default 100); --seed: their seed (default 1)
        --objective  return, sharpe (default), sortino, profit-factor, or a mix of weighted metrics and limits:
                     mix:sharpe=1,return=0.02,maxdd<=20 (metrics: return, sharpe, sortino, profit-factor, maxdd,
                     winrate, trades); a set past a limit is rejected
        --min-trades a set with fewer round trips is rejected
        --threads    trials run at once (default: every core)
        --from/--to  the period (as backtest takes them: 2024-09-21, 2024-09-21T06:00, epoch ms; UTC)
        --walk-forward  search each train window, score its best set on the test window after it: rolling
                     windows (anchored: every train window starts at the data's start); d, h or w
        --heatmap    the two parameters of the report's heat map (default: the first two with several values)
        --out        where trials.jsonl, run.json, optimize.json and optimize.html go (default optimize-report);
                     a run started again there resumes, --fresh starts over
        --save-agent write the best set as an agent JSON (its id suffixed -opt)
        --no-guards  skip the overfitting guards of the best set (Monte Carlo of its trades, deflated Sharpe
                     for the number of sets tried, look-ahead check: nine more runs of it)
        --quiet      no progress bar
      """;

  static OptimizeOptions parse(List<String> args) throws UsageException {
    List<Path> data = new ArrayList<>();
    String agent = null;
    Path space = null;
    String search = "grid";
    Integer trials = null;
    Long seed = null;
    long maxGrid = MAX_GRID;
    String objective = "sharpe";
    int minTrades = 0;
    int threads = Runtime.getRuntime().availableProcessors();
    long from = Long.MIN_VALUE;
    long to = Long.MAX_VALUE;
    Optional<WalkForward.Spec> walkForward = Optional.empty();
    Path out = Path.of("optimize-report");
    boolean fresh = false;
    Optional<List<String>> heatmap = Optional.empty();
    Optional<Path> saveAgent = Optional.empty();
    boolean quiet = false;
    boolean noGuards = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--data" -> {
          int before = data.size();
          while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
            data.addAll(CommandArguments.dataFiles(Path.of(args.get(++i))));
          }
          if (data.size() == before) {
            throw UsageException.withUsage("--data needs a value");
          }
        }
        case "--agent", "--agents" -> agent = value(args, ++i, arg);
        case "--space" -> space = Path.of(value(args, ++i, arg));
        case "--search" -> {
          search = value(args, ++i, arg);
          if (!List.of("grid", "random", "evolve").contains(search)) {
            throw UsageException.withUsage("--search " + search + ": expected grid, random or evolve");
          }
        }
        case "--trials" -> trials = (int) whole(value(args, ++i, arg), arg, 1, 10_000_000);
        case "--seed" -> seed = whole(value(args, ++i, arg), arg, Long.MIN_VALUE, Long.MAX_VALUE);
        case "--max-grid" -> maxGrid = whole(value(args, ++i, arg), arg, 1, Long.MAX_VALUE);
        case "--objective" -> objective = value(args, ++i, arg);
        case "--min-trades" -> minTrades = (int) whole(value(args, ++i, arg), arg, 0, Integer.MAX_VALUE);
        case "--threads" -> threads = (int) whole(value(args, ++i, arg), arg, 1, 1024);
        case "--from" -> from = time(value(args, ++i, arg), arg, false);
        case "--to" -> to = time(value(args, ++i, arg), arg, true);
        case "--walk-forward" -> walkForward = Optional.of(WalkForward.Spec.parse(value(args, ++i, arg)));
        case "--out" -> out = Path.of(value(args, ++i, arg));
        case "--fresh" -> fresh = true;
        case "--heatmap" -> {
          List<String> pair = List.of(value(args, ++i, arg).split(","));
          if (pair.size() != 2 || pair.get(0).isBlank() || pair.get(1).isBlank() || pair.get(0).equals(pair.get(1))) {
            throw UsageException.withUsage("--heatmap expects two parameters' paths, e.g. minConfidence,risk.stopLossPct");
          }
          heatmap = Optional.of(pair.stream().map(String::trim).toList());
        }
        case "--save-agent" -> saveAgent = Optional.of(Path.of(value(args, ++i, arg)));
        case "--quiet" -> quiet = true;
        case "--no-guards" -> noGuards = true;
        case "--help", "-h" -> throw UsageException.withUsage("");
        default -> throw UsageException.withUsage("unknown argument " + arg);
      }
    }
    if (data.isEmpty()) {
      throw UsageException.withUsage("--data is required: the recorded market data to run on");
    }
    if (agent == null) {
      throw UsageException.withUsage("--agent is required: the agent whose parameters to search");
    }
    if (space == null) {
      throw UsageException.withUsage("--space is required: the parameters to search and their values");
    }
    if (search.equals("grid") && (trials != null || seed != null)) {
      throw UsageException.alone((trials != null ? "--trials" : "--seed") + " is for --search random or evolve: a grid"
          + " runs every set");
    }
    if (from > to) {
      throw UsageException.alone("--from " + Instant.ofEpochMilli(from) + " is after --to " + Instant.ofEpochMilli(to));
    }
    return new OptimizeOptions(List.copyOf(data), agent, space, search, trials == null ? TRIALS : trials,
        seed == null ? 1 : seed, maxGrid, objective, minTrades, threads, from, to, walkForward, out, fresh, heatmap,
        saveAgent, quiet, noGuards);
  }

  private static String value(List<String> args, int i, String flag) throws UsageException {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw UsageException.withUsage(flag + " needs a value");
    }
    return args.get(i);
  }

  private static long whole(String value, String flag, long min, long max) throws UsageException {
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw UsageException.alone(flag + " " + value + " is not a whole number" + (min > Long.MIN_VALUE ? " from " + min : ""));
  }

  /** A time as backtest takes it (UTC): a date alone is its first millisecond, or its last for --to. */
  static long time(String value, String flag, boolean endOfDay) throws UsageException {
    return CommandArguments.time(value, flag, endOfDay);
  }
}
