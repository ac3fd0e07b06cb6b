package dev.mariposa.backtest;

import dev.mariposa.agent.Agent;
import dev.mariposa.command.UsageException;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.kernel.FundingRates;
import dev.mariposa.market.replay.ReplayFiles;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A backtest asked for over the API and run by the jobs role: the steps of {@code mariposa backtest}
 * (the same checks of the data and the period, the same engine, the same report) on files, agents,
 * a period and settings given, with the engine's progress reported and a cancellation honoured at
 * its progress checks.
 */
public final class RequestedBacktest {
  private RequestedBacktest() {}

  /**
   * What a request may change of the instance's paper settings: fees (a fraction of the notional),
   * the bar spread (the slippage of an order filled on bars), the venue latency, the swaps' funding
   * rate per 8 hours. Empty: as configured.
   */
  public record Tuning(Optional<BigDecimal> makerFee, Optional<BigDecimal> takerFee, Optional<Double> barSpreadBps,
                       Optional<Integer> latencyMs, Optional<BigDecimal> fundingRate) {
    public static final Tuning NONE = new Tuning(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());

    BacktestEngine.Settings apply(BacktestEngine.Settings s) {
      Fees fees = new Fees(makerFee.orElse(s.fees().maker()), takerFee.orElse(s.fees().taker()));
      BacktestEngine.Settings tuned = new BacktestEngine.Settings(s.from(), s.to(), s.seriesBars(), s.signalTtl(),
          barSpreadBps.orElse(s.barSpreadBps()), fees, s.orderFlow(), latencyMs.orElse(s.latencyMs()), s.latencyJitterMs(),
          s.funding());
      return fundingRate.map(rate -> tuned.withFunding(FundingRates.constant(rate))).orElse(tuned);
    }
  }

  /** Told of the progress every 1,024 events; it may throw {@link Cancelled} to stop the run there. */
  public interface Progress {
    void update(int done, int total, int orders);
  }

  /** Thrown by a {@link Progress} to stop the run at the engine's progress check. */
  public static final class Cancelled extends RuntimeException {
    public Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  /** The data and the period cannot be run (as the CLI refuses them with exit code 2): the message says why. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /** The report and the warnings the CLI would print (symbols without data). */
  public record Outcome(JsonObject report, List<String> warnings) {}

  /** Runs {@code agents} on {@code data} from {@code from} to {@code to} (epoch ms; earlier data warms up). */
  public static Outcome run(List<Path> data, List<Agent> agents, long from, long to, Tuning tuning, MariposaConfig config,
                            Progress progress) throws Refused, IOException {
    try {
      ReplayFiles files = ReplayFiles.read(data);
      if (files.symbols().isEmpty()) {
        throw new Refused("the data holds no bars and no stream messages");
      }
      ByteArrayOutputStream warnings = new ByteArrayOutputStream();
      BacktestCommand.warnAboutSymbols(agents, files.symbols(), new PrintStream(warnings, true, StandardCharsets.UTF_8));
      Timeline timeline = Timeline.of(files, to, Timeline.wanted(agents));
      BacktestCommand.checkPeriod(timeline, from, to);
      BacktestEngine.Settings settings = tuning.apply(BacktestEngine.Settings.of(config, from, to));
      BacktestEngine.Result result = new BacktestEngine(timeline, agents, settings).run(progress::update);
      return new Outcome(BacktestReport.json(result, settings),
          warnings.toString(StandardCharsets.UTF_8).lines().map(l -> l.replaceFirst("^backtest: ", "")).toList());
    } catch (UsageException e) {
      throw new Refused(e.getMessage().replace("--data", "data").replace("--from", "from").replace("--to", "to"));
    }
  }

  /** The self-contained HTML page of a report, as {@code mariposa backtest} writes it (backtest.html). */
  public static String html(JsonObject report) {
    return BacktestReport.html(report);
  }
}
