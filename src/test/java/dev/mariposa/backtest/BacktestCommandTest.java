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
    assertRefused(backtest("--data", day.toString(), "--from", "2024-09-22", "--to", "2024-09-21"), "--from is after --to");
    assertRefused(backtest("--data", day.toString(), "--agents", "nobody"), "no agent nobody", "momentum-1m");
    assertRefused(backtest("--data", day.toString(), "--agents", invalid.toString()), "id", "minConfidence");
    assertRefused(backtest("--data", day.toString(), "--frobnicate"), "unknown argument --frobnicate");
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
