package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trade-by-trade part of backtest.json on the real BTCUSDT day, for an agent with tight stops
 * and the two demo agents: it agrees with the agent's performance figures.
 */
class TradeAnalysisReportTest {
  private static final BigDecimal CENT = new BigDecimal("0.01");

  @TempDir
  Path dir;

  @Test
  void theTradesAddUpToThePerformanceFigures() throws Exception {
    Path day = SharedData.require("binance/klines/BTCUSDT-1m-2024-09-21.csv");
    Path agents = dir.resolve("agents.json");
    JsonArray models = new JsonArray().add(new JsonObject().put("name", "technical").put("weight", 1));
    Files.writeString(agents, new JsonArray()
        .add(new JsonObject().put("id", "tight-stops").put("symbols", new JsonArray().add("BTCUSDT")).put("models", models)
            .put("minConfidence", 0.5).put("agreement", 0.5)
            .put("risk", new JsonObject().put("stopLossPct", 0.05).put("takeProfitPct", 0.05).put("cooldownSeconds", 0)
                .put("maxOrdersPerMinute", 60)))
        .encode());
    for (List<String> extra : List.of(List.<String>of(), List.of("--agents", agents.toString()))) {
      JsonObject report = backtest(day, extra); Files.writeString(Path.of("target/peek" + extra.size() + ".json"), report.encodePrettily());
      for (Object a : report.getJsonArray("agents")) {
        check((JsonObject) a);
      }
      if (!extra.isEmpty()) {
        JsonObject reasons = ((JsonObject) report.getJsonArray("agents").getValue(0)).getJsonObject("exitReasons");
        assertThat(reasons.getJsonObject("stop-loss").getInteger("trades") + reasons.getJsonObject("take-profit").getInteger("trades"))
            .as("the guard's exits").isPositive();
      }
    }
  }

  private void check(JsonObject agent) {
    String id = agent.getJsonObject("agent").getString("id");
    JsonObject p = agent.getJsonObject("performance");
    List<JsonObject> trades = agent.getJsonArray("trades").stream().map(JsonObject.class::cast).toList();
    List<JsonObject> closed = trades.stream().filter(t -> !t.getString("exitReason").equals("end of data")).toList();
    assertThat(closed).as(id + ": closed trades").hasSize(p.getInteger("roundTrips"));
    assertThat(trades.size() - closed.size()).as(id + ": open at the end").isLessThanOrEqualTo(1);
    BigDecimal all = sum(trades, "pnl");
    BigDecimal realizedAndUnrealized = decimal(p.getValue("realized")).add(decimal(p.getValue("unrealized")));
    // Each trade's P/L is rounded to the cent: the sum may be a cent off per trade at most.
    assertThat(all.subtract(realizedAndUnrealized).abs()).as(id + ": the trades' P/L, held marked")
        .isLessThanOrEqualTo(CENT.multiply(BigDecimal.valueOf(trades.size() + 1)));
    if (closed.size() == trades.size()) {
      assertThat(sum(closed, "pnl").subtract(decimal(p.getValue("realized"))).abs()).as(id + ": realized")
          .isLessThanOrEqualTo(CENT.multiply(BigDecimal.valueOf(trades.size() + 1)));
    }
    assertThat(sum(trades, "fees").subtract(decimal(p.getValue("fees"))).abs()).as(id + ": fees").isLessThanOrEqualTo(CENT);

    JsonObject reasons = agent.getJsonObject("exitReasons");
    assertThat(reasons.fieldNames()).containsExactlyElementsOf(TradeAnalysis.REASONS);
    assertThat(reasons.stream().mapToInt(e -> ((JsonObject) e.getValue()).getInteger("trades")).sum()).isEqualTo(trades.size());
    assertThat(agent.getJsonObject("pairs").stream().mapToInt(e -> ((JsonObject) e.getValue()).getInteger("trades")).sum())
        .isEqualTo(trades.size());
    JsonArray daily = agent.getJsonArray("daily");
    assertThat(daily).isNotEmpty();
    assertThat(daily.stream().mapToInt(d -> ((JsonObject) d).getInteger("trades")).sum()).isEqualTo(closed.size());
    JsonObject summary = agent.getJsonObject("summary");
    assertThat(summary.getJsonObject("markets").fieldNames()).containsExactly("BTCUSDT");
    JsonObject hold = summary.getJsonObject("buyAndHold");
    assertThat(hold.getJsonArray("curve")).hasSameSizeAs(agent.getJsonArray("equity"));
    double change = decimal(summary.getJsonObject("markets").getJsonObject("BTCUSDT").getValue("changePct")).doubleValue();
    assertThat(decimal(hold.getValue("returnPct")).doubleValue()).isCloseTo(change, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(summary.getJsonObject("expectancy").getInteger("trades")).isEqualTo(closed.size());
    assertThat(summary.encode()).doesNotContain("NaN", "Infinity");
  }

  private JsonObject backtest(Path day, List<String> extra) throws Exception {
    Path out = dir.resolve("report" + extra.size());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new java.util.ArrayList<>(List.of("--data", day.toString(), "--out", out.toString(), "--quiet"));
    args.addAll(extra);
    int code = BacktestCommand.run(args, Map.of(), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return new JsonObject(Files.readString(out.resolve("backtest.json")));
  }

  private static BigDecimal sum(List<JsonObject> items, String field) {
    return items.stream().map(t -> decimal(t.getValue(field))).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal decimal(Object value) {
    return new BigDecimal(value.toString());
  }
}
