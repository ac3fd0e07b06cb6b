package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mariposa backtest} on the real BTCUSDT day: what it trades, at what prices, and what it refuses. */
class BacktestCommandTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String MONTH = "binance/klines/BTCUSDT-1h-2024-08.csv";
  private static final double HALF_SPREAD = 0.5 / 10_000; // market.replayBarSpreadBps 1

  @TempDir
  Path dir;

  record Run(int code, String out, String err, JsonObject report) {}

  private Run backtest(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--out", dir.resolve("report").toString(), "--quiet"));
    int code = BacktestCommand.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    Path json = dir.resolve("report/backtest.json");
    JsonObject report = code == 0 ? new JsonObject(Files.readString(json)) : null;
    if (code == 0) {
      Files.delete(json);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), report);
  }

  @Test
  void theRealDayTradesAtTheBarsQuotesAndTheAccountsAddUp() throws Exception {
    Path day = SharedData.require(DAY);
    Run run = backtest("--data", day.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("momentum-1m", "cautious-1m", "backtest.html");
    JsonObject data = run.report().getJsonObject("data");
    assertThat(data.getLong("events")).isEqualTo(1440);
    assertThat(data.getLong("barsAnalysed")).isEqualTo(1440);
    Map<Long, Kline> barsByClose = KlineCsv.read(day).stream().collect(Collectors.toMap(Kline::closeTime, Function.identity()));

    JsonObject momentum = agent(run.report(), "momentum-1m");
    JsonArray orders = momentum.getJsonArray("orders");
    assertThat(orders.size()).as("momentum-1m orders on the day").isGreaterThan(10);
    int filled = 0;
    double cash = 10_000;
    Map<String, Double> held = new HashMap<>();
    for (Object o : orders) {
      JsonObject order = (JsonObject) o;
      assertThat(order.getString("status")).isEqualTo("FILLED");
      Kline bar = barsByClose.get(order.getLong("at"));
      assertThat(bar).as("an order is placed at a bar's close").isNotNull();
      boolean buy = order.getString("side").equals("BUY");
      double price = Double.parseDouble(order.getString("averagePrice"));
      double quantity = Double.parseDouble(order.getString("filledQuantity"));
      // The bar's quote: half the spread from the close, on the tick (0.01): the ask rounded up, the bid down.
      java.math.BigDecimal quote = bar.close().multiply(java.math.BigDecimal.valueOf(buy ? 1 + HALF_SPREAD : 1 - HALF_SPREAD))
          .setScale(2, buy ? java.math.RoundingMode.CEILING : java.math.RoundingMode.FLOOR);
      assertThat(new java.math.BigDecimal(order.getValue("averagePrice").toString())).as("fill of %s", order.getString("clOrdId"))
          .isEqualByComparingTo(quote);
      assertThat(Double.parseDouble(order.getString("fee"))).isCloseTo(price * quantity * 0.001, within(1e-9));
      double notional = price * quantity;
      cash += buy ? -notional - notional * 0.001 : notional - notional * 0.001;
      held.merge("BTCUSDT", buy ? quantity : -quantity, Double::sum);
      filled++;
    }
    JsonObject performance = momentum.getJsonObject("performance");
    assertThat(performance.getInteger("fills")).isEqualTo(filled);
    assertThat(Double.parseDouble(momentum.getJsonObject("account").getString("cash"))).isCloseTo(cash, within(1e-6));
    double last = barsByClose.values().stream().max(java.util.Comparator.comparingLong(Kline::closeTime)).orElseThrow()
        .close().doubleValue();
    double equity = cash + held.getOrDefault("BTCUSDT", 0.0) * last;
    assertThat(Double.parseDouble(performance.getString("equity"))).isCloseTo(equity, within(0.011));
    assertThat(momentum.getJsonArray("equity").size()).as("equity curve points").isGreaterThan(1000);
    assertThat(momentum.getJsonObject("signals").getInteger("sent")).isEqualTo(orders.size());

    // The same data and agents give the same orders.
    Run again = backtest("--data", day.toString());
    assertThat(agent(again.report(), "momentum-1m").getJsonArray("orders")).isEqualTo(orders);
  }

  @Test
  void noOrderIsBelowTheVenuesMinimumOrderValue() throws Exception {
    Run run = backtest("--data", SharedData.require(DAY).toString());
    assertThat(run.code()).as(run.err()).isZero();
    int orders = 0;
    for (String agent : List.of("momentum-1m", "cautious-1m")) {
      for (Object o : agent(run.report(), agent).getJsonArray("orders")) {
        JsonObject order = (JsonObject) o;
        BigDecimal value = new BigDecimal(order.getString("filledQuantity")).multiply(new BigDecimal(order.getString("averagePrice")));
        // Binance spot's minimum order value for BTCUSDT (NOTIONAL): 5 USDT. Dust top-ups of ~0.63 went out before.
        assertThat(value).as("%s %s %s", agent, order.getString("side"), order.getString("filledQuantity"))
            .isGreaterThanOrEqualTo(new BigDecimal("5"));
        orders++;
      }
    }
    assertThat(orders).as("orders checked").isGreaterThan(10);
  }

  @Test
  void theHtmlReportIsSelfContained() throws Exception {
    Path day = SharedData.require(DAY);
    assertThat(backtest("--data", day.toString(), "--to", "2024-09-21T04:00").code()).isZero();
    String html = Files.readString(dir.resolve("report/backtest.html"));
    assertThat(html).contains("LightweightCharts", "\"report\":\"mariposa backtest\"", "momentum-1m")
        .doesNotContain("REPORT_JSON", "LIGHTWEIGHT_CHARTS", "src=\"http", "<script src");
  }

  @Test
  void aWindowTradesOnlyInsideItAfterWarmingOnWhatComesBefore() throws Exception {
    Path day = SharedData.require(DAY);
    Run run = backtest("--data", day.toString(), "--from", "2024-09-21T06:00", "--to", "2024-09-21T12:00:00Z");

    assertThat(run.code()).as(run.err()).isZero();
    long from = Instant.parse("2024-09-21T06:00:00Z").toEpochMilli();
    long to = Instant.parse("2024-09-21T12:00:00Z").toEpochMilli();
    assertThat(run.report().getJsonObject("data").getString("to")).isEqualTo("2024-09-21T11:59:59.999Z");
    JsonArray orders = agent(run.report(), "momentum-1m").getJsonArray("orders");
    assertThat(orders).isNotEmpty();
    assertThat(orders.stream().map(o -> ((JsonObject) o).getLong("at"))).allMatch(at -> at >= from && at <= to);
    // Warm from the first bar of the window: the indicators had the 6 hours before it.
    assertThat(orders.getJsonObject(0).getLong("at")).isLessThan(from + 60 * 60_000L);
  }

  @Test
  void agentsFromAFileWithStopsAndAnLlmModel() throws Exception {
    Path day = SharedData.require(DAY);
    Path agents = dir.resolve("agents.json");
    Files.writeString(agents, new JsonArray()
        .add(new JsonObject().put("id", "tight-stops").put("symbols", new JsonArray().add("BTCUSDT"))
            .put("models", new JsonArray().add(new JsonObject().put("name", "technical").put("weight", 1))
                .add(new JsonObject().put("name", "llm:gpt-4o-mini").put("weight", 1)))
            .put("minConfidence", 0.5).put("agreement", 0.5)
            .put("risk", new JsonObject().put("stopLossPct", 0.05).put("takeProfitPct", 0.05).put("cooldownSeconds", 0)
                .put("maxOrdersPerMinute", 60)))
        .encode());
    Run run = backtest("--data", day.toString(), "--agents", agents.toString());

    assertThat(run.code()).as(run.err()).isZero();
    JsonArray orders = agent(run.report(), "tight-stops").getJsonArray("orders");
    List<JsonObject> exits = orders.stream().map(JsonObject.class::cast).filter(o -> o.getString("source").equals("exit")).toList();
    assertThat(exits).as("stop-loss and take-profit exits").isNotEmpty();
    assertThat(exits).allMatch(o -> o.getString("side").equals("SELL"));
    assertThat(run.report().getJsonObject("settings").getString("llms")).contains("not asked");
  }

  @Test
  void badInputIsRefusedSayingWhat() throws Exception {
    Path day = SharedData.require(DAY);
    Path invalid = dir.resolve("invalid.json");
    Files.writeString(invalid, "{\"id\": \"Bad Id\", \"symbols\": [\"btc\"], \"minConfidence\": 7}");

    assertRefused(backtest(), "--data is required");
    assertRefused(backtest("--data", dir.resolve("nothing.csv").toString()), "no such readable file");
    assertRefused(backtest("--data", day.toString(), "--from", "yesterday"), "--from yesterday is not a time");
    assertRefused(backtest("--data", day.toString(), "--agents", "nobody"), "no agent nobody", "momentum-1m");
    assertRefused(backtest("--data", day.toString(), "--agents", invalid.toString()), "id", "minConfidence");
    assertRefused(backtest("--data", day.toString(), "--frobnicate"), "unknown argument --frobnicate");
  }

  /**
   * The real 1m day and 1h month side by side (a directory, as a user gives them): the demo agents
   * (1m) trade the day; the hour file, which serves no 1m series, is listed as not used, saying why.
   */
  @Test
  void minuteAndHourFilesTheMinuteAgentsTradeTheMinutes() throws Exception {
    Path data = bothFiles();
    Run run = backtest("--data", data.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(agent(run.report(), "momentum-1m").getJsonArray("orders")).as("momentum-1m orders").hasSizeGreaterThan(10);
    JsonObject report = run.report().getJsonObject("data");
    assertThat(report.getLong("events")).as("the hour bars are not played: no agent can use them").isEqualTo(1440);
    assertThat(report.getString("from")).startsWith("2024-09-21T00:00");
    JsonObject day = file(report, "BTCUSDT-1m-2024-09-21.csv");
    assertThat(day.getInteger("used")).isEqualTo(1440);
    assertThat(day.getJsonArray("notUsed")).isEmpty();
    JsonObject month = file(report, "BTCUSDT-1h-2024-08.csv");
    assertThat(month.getInteger("items")).isEqualTo(744);
    assertThat(month.getInteger("used")).isZero();
    assertThat(month.getJsonArray("notUsed").getString(0)).contains("no agent trades BTCUSDT at 1h", "ask for 1m");
    assertThat(series(report, "1m")).isEqualTo(new JsonObject().put("symbol", "BTCUSDT").put("interval", "1m")
        .put("agents", new JsonArray().add("momentum-1m").add("cautious-1m")).put("bars", 1440)
        .put("from", new JsonObject().put("1m", 1440)));
    assertThat(run.out()).contains("BTCUSDT-1h-2024-08.csv: not used (no agent trades BTCUSDT at 1h");
    assertThat(Files.readString(dir.resolve("report/backtest.html"))).contains("BTCUSDT-1h-2024-08.csv");
  }

  /**
   * The decision for periods that differ (docs/ARCHITECTURE.md): each period of a symbol comes from
   * the finest bars given for it. An hourly agent gets August from the 1h file and 2024-09-21
   * aggregated from the minutes; a 1h file of that day too is covered by the minutes and not used.
   */
  @Test
  void eachPeriodIsServedFromTheFinestBarsGivenForIt() throws Exception {
    Path data = bothFiles();
    // An hour file of 2024-09-21 whose closes are all wrong: the minutes must win over it.
    List<Kline> hours = new ArrayList<>();
    var hourly = new dev.mariposa.market.KlineAggregator("1h");
    KlineCsv.read(SharedData.require(DAY)).forEach(m -> hourly.add(m).ifPresent(hours::add));
    Files.write(data.resolve("BTCUSDT-1h-2024-09-21.csv"), hours.stream().map(h -> String.join(",",
        String.valueOf(h.openTime()), h.open().toPlainString(), h.high().toPlainString(), h.low().toPlainString(), "1",
        h.volume().toPlainString(), String.valueOf(h.closeTime()), h.quoteVolume().toPlainString(),
        String.valueOf(h.trades()), "0", "0", "0")).toList());
    Path agents = dir.resolve("agents.json");
    Files.writeString(agents, new JsonArray().add(agentJson("minutes", "1m")).add(agentJson("hours", "1h")).encode());

    Run run = backtest("--data", data.toString(), "--agents", agents.toString());

    assertThat(run.code()).as(run.err()).isZero();
    JsonObject report = run.report().getJsonObject("data");
    assertThat(report.getString("from")).as("the run starts with August's hours").startsWith("2024-08-01T00:59:59");
    assertThat(report.getString("to")).startsWith("2024-09-21T23:59:59");
    assertThat(file(report, "BTCUSDT-1h-2024-08.csv").getInteger("used")).isEqualTo(744);
    assertThat(file(report, "BTCUSDT-1m-2024-09-21.csv").getInteger("used")).isEqualTo(1440);
    JsonObject covered = file(report, "BTCUSDT-1h-2024-09-21.csv");
    assertThat(covered.getInteger("used")).isZero();
    assertThat(covered.getJsonArray("notUsed").getString(0)).startsWith("24 bars covered by finer BTCUSDT bars");
    assertThat(series(report, "1h").getJsonObject("from")).isEqualTo(new JsonObject().put("1h", 744).put("1m", 1440));
    assertThat(series(report, "1h").getInteger("bars")).isEqualTo(744 + 24);
    assertThat(series(report, "1m").getJsonObject("from")).isEqualTo(new JsonObject().put("1m", 1440));
    // The minutes' agent trades only where there are minutes; no price of the wrong hour file is seen.
    long day = Instant.parse("2024-09-21T00:00:00Z").toEpochMilli();
    JsonArray minuteOrders = agent(run.report(), "minutes").getJsonArray("orders");
    assertThat(minuteOrders).isNotEmpty();
    assertThat(minuteOrders.stream().map(o -> ((JsonObject) o).getLong("at"))).allMatch(at -> at >= day);
    JsonArray candles = run.report().getJsonObject("prices").getJsonObject("BTCUSDT").getJsonArray("candles");
    assertThat(candles.stream().map(c -> ((JsonArray) c).getDouble(4))).noneMatch(close -> close == 1.0);
  }

  @Test
  void aPeriodThatHoldsNoDataIsRefusedInOneLine() throws Exception {
    Path day = SharedData.require(DAY);
    assertRefusedInOneLine(backtest("--data", day.toString(), "--from", "2025-01-01"),
        "backtest: --from 2025-01-01T00:00:00Z is after the data: the data runs from 2024-09-21T00:00:59.999Z to 2024-09-21T23:59:59.999Z");
    assertRefusedInOneLine(backtest("--data", day.toString(), "--to", "2024-09-20"),
        "backtest: --to 2024-09-20T23:59:59.999Z is before the data: the data runs from 2024-09-21T00:00:59.999Z");
    assertRefusedInOneLine(backtest("--data", day.toString(), "--from", "2024-09-22", "--to", "2024-09-21"),
        "backtest: --from 2024-09-22T00:00:00Z is after --to 2024-09-21T23:59:59.999Z");
    assertRefusedInOneLine(backtest("--data", day.toString(), "--from", "2024-09-21T06:00:10Z", "--to", "2024-09-21T06:00:20Z"),
        "backtest: no data between --from 2024-09-21T06:00:10Z and --to 2024-09-21T06:00:20Z");
    // The demo agents trade 1m: August's hours are no data for them.
    Path both = bothFiles();
    assertRefusedInOneLine(backtest("--data", both.toString(), "--from", "2024-08-05", "--to", "2024-08-06"),
        "backtest: --to 2024-08-06T23:59:59.999Z is before the data: the data runs from 2024-09-21T00:00:59.999Z");
    Path month = SharedData.require(MONTH);
    assertRefusedInOneLine(backtest("--data", month.toString()), "backtest: the data holds nothing the agents can use: "
        + "BTCUSDT-1h-2024-08.csv: no agent trades BTCUSDT at 1h or at a multiple of it: the agents ask for 1m");
  }

  @Test
  void parityReplaysTheDataLiveAndPrintsBothTradeListsHashesEqual() throws Exception {
    List<String> rows = Files.readAllLines(SharedData.require(DAY)).stream().filter(l -> !l.isBlank()).toList();
    Path data = Files.createDirectories(dir.resolve("short")).resolve("BTCUSDT-1m-2024-09-21.csv");
    Files.write(data, rows.subList(0, 224)); // 200 bars warm, 24 traded: momentum-1m fills once, by bar 219
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BacktestCommand.run(List.of("--parity", "--data", data.toString(), "--speed", "150", "--quiet"),
        Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);

    assertThat(code).as(printed + err).isZero();
    List<String> sides = printed.lines().filter(l -> l.matches("(backtest|live) +\\S+ +\\d+ +-?[\\d.]+")).toList();
    assertThat(sides).as(printed).hasSize(2);
    assertThat(sides.get(0).split("\\s+")[1]).as("a SHA-256").matches("[0-9a-f]{64}")
        .isEqualTo(sides.get(1).split("\\s+")[1]);
    assertThat(Integer.parseInt(sides.get(0).split("\\s+")[2])).as("fills compared").isPositive();
    assertThat(printed.strip()).endsWith("EQUAL");
  }

  @Test
  void parityRefusesWhatItCannotReplayLive() throws Exception {
    Path stream = Files.writeString(dir.resolve("stream.jsonl"), "{\"stream\":\"btcusdt@bookTicker\",\"data\":{}}\n");
    assertRefusedInOneLine(backtest("--parity", "--data", stream.toString()), "backtest: --parity replays kline CSVs only");
    assertRefused(backtest("--parity", "--data", SharedData.require(DAY).toString(), "--speed", "0"), "--speed 0");
    assertRefusedInOneLine(backtest("--parity", "--data", SharedData.require(DAY).toString(), "--from", "2024-09-21"),
        "backtest: --parity needs bars before --from");
  }

  private static void assertRefusedInOneLine(Run run, String start) {
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith(start).doesNotContain("usage:");
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
  }

  /** The real day and month in one directory. */
  private Path bothFiles() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    for (String name : List.of(DAY, MONTH)) {
      Path file = SharedData.require(name);
      Files.copy(file, data.resolve(file.getFileName()));
    }
    return data;
  }

  private static JsonObject agentJson(String id, String interval) {
    return new JsonObject().put("id", id).put("symbols", new JsonArray().add("BTCUSDT")).put("interval", interval)
        .put("models", new JsonArray().add(new JsonObject().put("name", "technical").put("weight", 1)))
        .put("minConfidence", 0.5).put("agreement", 0.6);
  }

  private static JsonObject file(JsonObject data, String name) {
    return data.getJsonArray("files").stream().map(JsonObject.class::cast).filter(f -> f.getString("file").equals(name))
        .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + data.getJsonArray("files")));
  }

  private static JsonObject series(JsonObject data, String interval) {
    return data.getJsonArray("series").stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("interval").equals(interval)).findFirst().orElseThrow();
  }

  private static void assertRefused(Run run, String... parts) {
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(parts).contains("usage:");
  }

  private static JsonObject agent(JsonObject report, String id) {
    return report.getJsonArray("agents").stream().map(JsonObject.class::cast)
        .filter(a -> a.getJsonObject("agent").getString("id").equals(id)).findFirst().orElseThrow();
  }
}
