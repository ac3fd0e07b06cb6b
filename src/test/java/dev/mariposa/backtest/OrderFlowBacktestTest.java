package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mariposa backtest} of an agent using the {@code orderflow} model on the recorded captures
 * (books and trades, no bar close): it decides on the flow, trades at the recorded books, and the
 * same data gives the same orders.
 */
class OrderFlowBacktestTest {
  private static final String TEN = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";
  private static final String FOUR = "binance/ws/combined_2021-10-12_nknusdt_blzeth_lrcbtc_runeeur.jsonl";
  /** The agent of examples/backtest/orderflow-agent.json. */
  private static final Path AGENT = Path.of("examples/backtest/orderflow-agent.json");
  /**
   * The same agent entering post-only at the bid, 3 s at a price, 2 reprices, cancelled when the
   * book's imbalance falls to -0.6 (examples/backtest).
   */
  private static final Path MAKER = Path.of("examples/backtest/orderflow-maker-agent.json");

  @TempDir
  Path dir;

  @Test
  void theTenSymbolCaptureTradesOnTheFlowTheSameTwice() throws Exception {
    List<String> data = capture(TEN, "2021-04-05");
    JsonObject report = backtest(data);

    JsonObject figures = report.getJsonObject("data");
    assertThat(figures.getLong("barsAnalysed")).as("the capture has no bar close").isZero();
    assertThat(figures.getLong("flowDecisions")).as("decisions on the books and trades").isGreaterThan(300);
    assertThat(report.getJsonObject("settings").getJsonObject("orderFlow").getLong("decisionIntervalMs")).isEqualTo(1000);
    JsonObject agent = report.getJsonArray("agents").getJsonObject(0);
    JsonArray orders = agent.getJsonArray("orders");
    List<JsonObject> filled = orders.stream().map(JsonObject.class::cast).filter(o -> o.getString("status").equals("FILLED")).toList();
    assertThat(filled).as("orders filled on the flow's signals").hasSizeGreaterThanOrEqualTo(4);
    assertThat(filled.stream().map(o -> o.getString("side")).distinct()).containsExactlyInAnyOrder("BUY", "SELL");
    for (JsonObject order : filled) {
      if (order.getString("source").equals("analysis")) {
        // The signal of a flow decision is named by the update decided on, and is taken at once.
        assertThat(order.getString("signalId")).as("%s", order)
            .isEqualTo("orderflow:" + order.getString("symbol") + ":" + order.getLong("at") + ":"
                + order.getString("side").toLowerCase());
      }
    }
    assertThat(agent.getJsonObject("performance").getInteger("fills")).isGreaterThanOrEqualTo(filled.size());
    assertThat(agent.getJsonArray("equity")).isNotEmpty();

    JsonObject again = backtest(data);
    JsonObject second = again.getJsonArray("agents").getJsonObject(0);
    assertThat(second.getJsonArray("orders")).as("the same orders").isEqualTo(orders);
    assertThat(second.getJsonObject("performance")).isEqualTo(agent.getJsonObject("performance"));
    assertThat(again.getJsonObject("data").getLong("flowDecisions")).isEqualTo(figures.getLong("flowDecisions"));
  }

  @Test
  void aMakerAgentsEntriesRestFillFromTheQueueOrExpireTheSameTwice() throws Exception {
    List<String> data = capture(TEN, "2021-04-05");
    JsonObject agent = backtest(data, MAKER).getJsonArray("agents").getJsonObject(0);
    List<JsonObject> entries = agent.getJsonArray("orders").stream().map(JsonObject.class::cast)
        .filter(o -> o.getString("side").equals("BUY")).toList();
    assertThat(entries).allSatisfy(o -> assertThat(o.getString("type")).isEqualTo("post_only"));
    List<JsonObject> filled = entries.stream().filter(o -> o.getString("status").equals("FILLED")).toList();
    List<JsonObject> expired = entries.stream().filter(o -> o.getString("status").equals("EXPIRED")).toList();
    assertThat(filled).as("entries the queue filled").hasSizeGreaterThanOrEqualTo(3);
    assertThat(expired).as("entries whose time ran out, after the start and 2 reprices")
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(o -> assertThat(o.getString("reason")).startsWith("expired after 3 × 3000 ms"));
    for (JsonObject entry : filled) {
      // A post-only entry never takes: all of it filled at its own price (its last, when repriced),
      // which starts below the mid it was sized at and never chases past 10 bps above it.
      assertThat(entry.getDouble("takerQuantity")).as("%s", entry).isZero();
      assertThat(entry.getDouble("averagePrice")).as("%s", entry)
          .isEqualTo(entry.getDouble("lastLimitPrice", entry.getDouble("limitPrice")));
      assertThat(entry.getDouble("limitPrice")).as("%s", entry).isLessThan(entry.getDouble("sizingMid"));
      assertThat(entry.getDouble("averagePrice")).as("%s", entry).isLessThanOrEqualTo(entry.getDouble("sizingMid") * 1.001);
      assertThat(entry.getLong("queueWaitMs")).as("%s", entry).isPositive();
    }
    JsonObject execution = agent.getJsonObject("execution");
    assertThat(execution.getJsonObject("liquidity").getInteger("makerFills")).isGreaterThanOrEqualTo(filled.size());
    assertThat(execution.getJsonObject("orders").getJsonObject("post_only").getInteger("expired")).isEqualTo(expired.size());
    assertThat(entries).as("some chased the bid up").anyMatch(o -> o.getInteger("reprices", 0) > 0);
    assertThat(entries).as("one left when sellers pressed on it").anyMatch(o -> o.getString("status").equals("CANCELED")
        && o.getString("reason").startsWith("cancelled: the book turned against it (imbalance -0."));

    JsonObject again = backtest(data, MAKER).getJsonArray("agents").getJsonObject(0);
    assertThat(again.getJsonArray("orders")).as("the same orders").isEqualTo(agent.getJsonArray("orders"));
  }

  @Test
  void theFourSymbolCaptureDecidesOnTheFlow() throws Exception {
    JsonObject report = backtest(capture(FOUR, "2021-10-12"));
    assertThat(report.getJsonObject("data").getLong("flowDecisions")).isGreaterThan(20);
    assertThat(report.getJsonArray("agents").getJsonObject(0).getJsonObject("signals")).isNotEmpty();
  }

  private static List<String> capture(String stream, String day) throws Exception {
    List<String> files = new ArrayList<>(List.of(SharedData.require(stream).toString()));
    try (Stream<Path> rest = Files.list(SharedData.require("binance/rest"))) {
      rest.filter(f -> f.getFileName().toString().startsWith("depth_snapshot_" + day + "_")).sorted()
          .forEach(f -> files.add(f.toString()));
    }
    return files;
  }

  private JsonObject backtest(List<String> data) throws Exception {
    return backtest(data, AGENT);
  }

  private JsonObject backtest(List<String> data, Path agents) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--data"));
    args.addAll(data);
    args.addAll(List.of("--agents", agents.toString(), "--out", dir.resolve("report").toString(), "--quiet"));
    int code = BacktestCommand.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readString(dir.resolve("report/backtest.html"))).contains("orderflow");
    return new JsonObject(Files.readString(dir.resolve("report/backtest.json")));
  }
}
