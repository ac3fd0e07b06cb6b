package dev.mariposa.backtest;

import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.Market;
import dev.mariposa.analysis.orderflow.OrderFlowParams;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.command.ReportPage;
import dev.mariposa.market.Kline;
import dev.mariposa.metrics.Performance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backtest's report: JSON (everything: data, settings, each agent's figures, orders, signal
 * outcomes, execution ({@link ExecutionFigures}) and equity curve, its trades and their groupings and
 * summary figures ({@link TradeAnalysis}), the prices) and a self-contained HTML page drawing it
 * (equity curve beside buy and hold, drawdown, trades on the price chart, the metrics and trade
 * tables) with lightweight-charts inlined from the jar: it opens from a file, offline.
 */
final class BacktestReport {
  /** Candles kept per symbol for the chart; longer runs are merged into wider candles. */
  private static final int MAX_CANDLES = 3_000;

  private BacktestReport() {}

  static JsonObject json(BacktestEngine.Result result, BacktestEngine.Settings settings) {
    double seconds = result.wallNanos() / 1e9;
    JsonArray agents = new JsonArray();
    for (AgentRun run : result.runs()) {
      JsonObject figures = performance(run, result);
      JsonArray equity = new JsonArray();
      for (int i = 0; i < run.equityTimes.size(); i++) {
        equity.add(new JsonArray().add(run.equityTimes.get(i)).add(round(run.equityValues.get(i))));
      }
      agents.add(tradeAnalysis(new JsonObject()
          .put("agent", AgentJson.toJson(run.agent))
          .put("performance", figures), run, result, figures)
          .put("account", new JsonObject().put("cash", JsonDecimals.number(run.account().cash()))
              .put("positions", new JsonArray(run.account().positions().values().stream().map(p -> p.toWire()).toList())))
          .put("signals", new JsonObject(new HashMap<>(run.signals)))
          .put("execution", run.execution.toJson())
          .put("orders", new JsonArray(run.orders))
          .put("equity", equity));
    }
    JsonObject prices = new JsonObject();
    result.bars().forEach((symbol, bars) -> {
      JsonObject price = new JsonObject();
      if (!bars.isEmpty()) {
        price.put("candles", candles(bars));
      } else {
        price.put("line", new JsonArray(result.prices().get(symbol).stream()
            .map(p -> new JsonArray().add((long) p[0]).add(p[1])).toList()));
      }
      prices.put(symbol, price);
    });
    return new JsonObject()
        .put("report", "mariposa backtest")
        .put("generatedAt", Instant.now().toString())
        .put("data", new JsonObject()
            .put("files", files(result.timeline()))
            .put("series", series(result.series()))
            .put("symbols", new JsonArray(result.timeline().symbols()))
            .put("from", Instant.ofEpochMilli(result.from()).toString())
            .put("to", Instant.ofEpochMilli(result.to()).toString())
            .put("events", result.events())
            .put("barsAnalysed", result.barsAnalysed())
            .put("flowDecisions", result.flowDecisions())
            .put("malformedMessages", result.malformed()))
        .put("settings", new JsonObject()
            .put("barSpreadBps", settings.barSpreadBps())
            .put("makerFee", JsonDecimals.number(settings.fees().maker()))
            .put("takerFee", JsonDecimals.number(settings.fees().taker()))
            .put("latencyMs", settings.latencyMs())
            .put("latencyJitterMs", settings.latencyJitterMs())
            .put("signalTtlMs", settings.signalTtl().toMillis())
            .put("seriesBars", settings.seriesBars())
            .put("orderFlow", orderFlow(settings.orderFlow()))
            .put("funding", settings.funding().describe())
            .put("llms", "not asked: an agent's LLM and remote models are left out, as on an instance without AI"))
        .put("run", new JsonObject()
            .put("wallMs", Math.round(seconds * 1000))
            .put("eventsPerSecond", seconds > 0 ? Math.round(result.events() / seconds) : 0))
        .put("agents", agents)
        .put("prices", prices);
  }

  /**
   * An agent's figures at the end of the run (its positions marked at the last prices), and the
   * drawdown marked on every quote ({@code maxDrawdownPctMarked}).
   */
  static JsonObject performance(AgentRun run, BacktestEngine.Result result) {
    JsonObject figures = Performance.of(run.account().startingBalance(), run.fills, marks(result)).toJson();
    figures.remove("equityCurve");
    if (run.agent.tradesSwaps()) {
      figures.put("swap", swap(run));
    }
    return figures.put("maxDrawdownPctMarked",
        JsonDecimals.number(BigDecimal.valueOf(run.maxDrawdownPct).setScale(4, RoundingMode.HALF_EVEN)));
  }

  /** The last price of each symbol: where what is still held at the end is marked. */
  private static Map<String, BigDecimal> marks(BacktestEngine.Result result) {
    Map<String, BigDecimal> marks = new HashMap<>();
    result.prices().forEach((symbol, line) -> {
      if (!line.isEmpty()) {
        marks.put(symbol, BigDecimal.valueOf(line.get(line.size() - 1)[1]));
      }
    });
    return marks;
  }

  /**
   * {@code agent} with its run read trade by trade ({@link TradeAnalysis}): its trades, their exit
   * reasons, its symbols, its days and the summary figures, the buy-and-hold benchmark of its symbols.
   */
  private static JsonObject tradeAnalysis(JsonObject agent, AgentRun run, BacktestEngine.Result result,
                                          JsonObject figures) {
    List<TradeAnalysis.Trade> trades = TradeAnalysis.trades(run.executions(), marks(result), result.to());
    Map<String, List<double[]>> prices = new TreeMap<>();
    for (String symbol : run.agent.symbols()) {
      List<double[]> line = result.prices().get(symbol);
      if (line != null && !line.isEmpty()) {
        prices.put(symbol, line);
      }
    }
    TradeAnalysis.Period period = new TradeAnalysis.Period(result.from(), result.to(), run.startingBalance(),
        new BigDecimal(figures.getValue("equity").toString()), run.maxDrawdownPct, run.equityTimes, run.equityValues, prices);
    return agent.put("trades", new JsonArray(trades.stream().map(TradeAnalysis.Trade::toJson).toList()))
        .put("exitReasons", TradeAnalysis.exitReasons(trades))
        .put("pairs", TradeAnalysis.pairs(trades))
        .put("daily", TradeAnalysis.daily(trades, run.equityTimes, run.equityValues))
        .put("summary", TradeAnalysis.summary(trades, period));
  }

  /** A swap agent's margin: how it traded, its liquidations and the closest it came to one. */
  private static JsonObject swap(AgentRun run) {
    Market market = run.agent.account().market();
    JsonObject swap = new JsonObject().put("marginMode", market.marginMode().venueName())
        .put("leverage", market.leverage()).put("short", market.shorts()).put("liquidations", run.liquidations);
    if (!Double.isNaN(run.closestLiquidationPct)) {
      swap.put("closestLiquidationPct", JsonDecimals.number(BigDecimal.valueOf(run.closestLiquidationPct)
          .setScale(2, RoundingMode.HALF_UP)));
    }
    return swap;
  }

  /** The {@code orderflow} model's windows and thresholds, as {@code analysis.orderFlow} names them. */
  private static JsonObject orderFlow(OrderFlowParams p) {
    return new JsonObject().put("depth", p.depth()).put("tradeWindowMs", p.tradeWindow().toMillis())
        .put("volatilityWindowMs", p.volatilityWindow().toMillis()).put("decisionIntervalMs", p.decisionInterval().toMillis())
        .put("threshold", p.threshold()).put("maxSpreadBps", p.maxSpreadBps()).put("maxVolatilityBps", p.maxVolatilityBps())
        .put("minTrades", p.minTrades());
  }

  /** Every file given: what of it was used (warm-up included) and why the rest was not. */
  private static JsonArray files(Timeline timeline) {
    JsonArray files = new JsonArray();
    for (Timeline.FileUse use : timeline.files()) {
      JsonObject file = new JsonObject().put("file", use.file()).put("kind", use.kind()).put("symbols", use.symbols());
      if (!use.interval().isEmpty()) {
        file.put("interval", use.interval());
      }
      if (use.last() > 0) {
        file.put("first", Instant.ofEpochMilli(use.first()).toString()).put("last", Instant.ofEpochMilli(use.last()).toString());
      }
      files.add(file.put("items", use.items()).put("used", use.used()).put("notUsed", new JsonArray(use.notUsed())));
    }
    return files;
  }

  /** Each (symbol, interval) the agents trade: the bars it got and the intervals they were made from. */
  private static JsonArray series(List<BacktestEngine.SeriesUse> series) {
    return new JsonArray(series.stream().map(s -> new JsonObject().put("symbol", s.symbol()).put("interval", s.interval())
        .put("agents", new JsonArray(s.agents())).put("bars", s.bars())
        .put("from", new JsonObject(new LinkedHashMap<>(s.sources())))).toList());
  }

  /** [[openTime ms, open, high, low, close], …], merged k at a time when there are too many. */
  private static JsonArray candles(List<Kline> bars) {
    int k = Math.max(1, (bars.size() + MAX_CANDLES - 1) / MAX_CANDLES);
    JsonArray out = new JsonArray();
    for (int i = 0; i < bars.size(); i += k) {
      List<Kline> group = bars.subList(i, Math.min(bars.size(), i + k));
      double high = group.stream().mapToDouble(b -> b.high().doubleValue()).max().orElseThrow();
      double low = group.stream().mapToDouble(b -> b.low().doubleValue()).min().orElseThrow();
      out.add(new JsonArray().add(group.get(0).openTime()).add(group.get(0).open().doubleValue()).add(high).add(low)
          .add(group.get(group.size() - 1).close().doubleValue()));
    }
    return out;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** The HTML page: the template with the chart library and the report inlined. */
  static String html(JsonObject report) {
    return ReportPage.html("backtest/report.html", report);
  }

  static List<Path> write(JsonObject report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve("backtest.json");
    Path html = dir.resolve("backtest.html");
    Files.writeString(json, report.encodePrettily());
    Files.writeString(html, html(report));
    return new ArrayList<>(List.of(json, html));
  }
}
