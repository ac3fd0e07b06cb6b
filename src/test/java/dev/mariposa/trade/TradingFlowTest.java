package dev.mariposa.trade;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.events.MarketEvent;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.Signals;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signal to fill on one instance with every role: the API's signals, analysis results, the risk
 * gate's halt, the paper exchange on the synthetic market's book, and the position guard's exits.
 */
class TradingFlowTest {
  private static final String TOKEN = "flow-token-0123456789";

  @TempDir
  Path dir;

  private TestCluster cluster;
  private Mariposa node;
  private String api;

  @BeforeEach
  void start() {
    cluster = new TestCluster(dir);
    node = cluster.start("t", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic", "API_TOKENS", TOKEN));
    api = node.baseUrl() + "/api";
    Eventually.within(Duration.ofSeconds(10), "a ticker", () -> Http.status(api + "/market/BTCUSDT/ticker") == 200);
    Eventually.within(Duration.ofSeconds(10), "a book", () -> Http.status(api + "/market/BTCUSDT/orderbook") == 200);
    Eventually.within(Duration.ofSeconds(10), "the demo agents", () -> Http.status(api + "/agents/cautious-1m") == 200);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aSignalBecomesOneFilledOrderAndAPosition() {
    List<JsonObject> trades = collect(Addresses.agentTrades("cautious-1m"));
    JsonObject queued = post("/agents/cautious-1m/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\"}", 202);
    String clOrdId = queued.getJsonArray("queued").getJsonObject(0).getString("clOrdId");

    Eventually.within(Duration.ofSeconds(10), "the fill", () -> !trades.isEmpty());
    JsonObject event = trades.get(0);
    assertThat(event.getString("type")).isEqualTo("fill");
    JsonObject position = event.getJsonObject("position");
    assertThat(position.getString("symbol")).isEqualTo("BTCUSDT");
    double quantity = Double.parseDouble(position.getString("quantity"));
    double price = Double.parseDouble(position.getString("averagePrice"));
    // Sized by the gate at the mid price to the position notional limit (1000): filled at the ask.
    assertThat(quantity * price).as("notional").isBetween(950.0, 1020.0);

    JsonObject order = new JsonObject(Http.get(api + "/orders/" + clOrdId).body());
    assertThat(order.getString("status")).isEqualTo("FILLED");
    assertThat(order.getBoolean("settled")).isTrue();
    JsonArray fills = new JsonObject(Http.get(api + "/trades?agentId=cautious-1m").body()).getJsonArray("trades");
    assertThat(fills).isNotEmpty();
    assertThat(fills.getJsonObject(0).getString("clOrdId")).isEqualTo(clOrdId);
    JsonObject current = new JsonObject(Http.get(api + "/agents/cautious-1m/signal").body());
    assertThat(current.getString("status")).isEqualTo("sent");

    // A second BUY: the position is at its notional limit, give or take the price move since; at
    // most a top-up within the limit goes through.
    JsonObject second = post("/agents/cautious-1m/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\"}", 202);
    String secondId = second.getJsonArray("queued").getJsonObject(0).getString("id");
    Eventually.within(Duration.ofSeconds(5), "the second BUY processed", () -> history("cautious-1m").stream()
        .anyMatch(s -> secondId.equals(s.getString("id")) && !"queued".equals(s.getString("status"))));
    JsonObject outcome = history("cautious-1m").stream().filter(s -> secondId.equals(s.getString("id"))).findFirst().orElseThrow();
    if ("rejected".equals(outcome.getString("status"))) {
      assertThat(outcome.getString("check")).isIn("max_position_notional", "exchange_minimum");
    } else {
      Eventually.within(Duration.ofSeconds(5), "the top-up fill", () -> trades.size() >= 2);
      JsonObject topped = trades.get(trades.size() - 1).getJsonObject("position");
      assertThat(Double.parseDouble(topped.getString("quantity")) * Double.parseDouble(topped.getString("averagePrice")))
          .isLessThan(1020.0);
    }
    int before = trades.size();

    // SELL closes it.
    post("/agents/cautious-1m/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"SELL\"}", 202);
    Eventually.within(Duration.ofSeconds(10), "the closing fill", () -> trades.size() > before
        && trades.get(trades.size() - 1).getValue("position") == null);
    // One order per trade event; an order walking several book levels has several fills.
    JsonArray all = new JsonObject(Http.get(api + "/trades?agentId=cautious-1m").body()).getJsonArray("trades");
    assertThat(all.stream().map(t -> ((JsonObject) t).getString("clOrdId")).distinct()).hasSize(before + 1);
    // Pages of one fill follow the newest-first order of the whole list.
    for (int i = 0; i < all.size(); i++) {
      JsonObject page = new JsonObject(Http.get(api + "/trades?agentId=cautious-1m&limit=1&offset=" + i).body());
      assertThat(page.getJsonArray("trades").getJsonObject(0).getString("id")).isEqualTo(all.getJsonObject(i).getString("id"));
      assertThat(page.getInteger("offset")).isEqualTo(i);
    }
    assertThat(new JsonObject(Http.get(api + "/trades?agentId=cautious-1m&offset=" + all.size()).body())
        .getJsonArray("trades")).isEmpty();
  }

  @Test
  void theHaltRejectsEverySignalWithItsReasonUntilLifted() {
    assertThat(Http.send("POST", api + "/admin/halt", "{\"halted\":true,\"reason\":\"exchange maintenance\"}", null).statusCode())
        .isEqualTo(401);
    post("/admin/halt", "{\"halted\":true,\"reason\":\"exchange maintenance\"}", 200);
    assertThat(new JsonObject(Http.get(api + "/admin/halt").body()).getBoolean("halted")).isTrue();
    List<JsonObject> signals = collect(Addresses.signal("cautious-1m"));
    post("/agents/cautious-1m/signals", "{\"action\":\"BUY\"}", 202);
    Eventually.within(Duration.ofSeconds(5), "the rejection on the bus", () -> signals.stream()
        .anyMatch(s -> "rejected".equals(s.getString("status"))));
    JsonObject rejected = signals.stream().filter(s -> "rejected".equals(s.getString("status"))).findFirst().orElseThrow();
    assertThat(rejected.getString("check")).isEqualTo("halt");
    assertThat(rejected.getString("reason")).contains("exchange maintenance");
    assertThat(history("cautious-1m")).anyMatch(s -> "halt".equals(s.getString("check")));
    assertThat(new JsonObject(Http.get(api + "/trades?agentId=cautious-1m").body()).getJsonArray("trades")).isEmpty();

    post("/admin/halt", "{\"halted\":false}", 200);
    post("/agents/cautious-1m/signals", "{\"action\":\"BUY\"}", 202);
    Eventually.within(Duration.ofSeconds(10), "a fill after the halt", () ->
        !new JsonObject(Http.get(api + "/trades?agentId=cautious-1m").body()).getJsonArray("trades").isEmpty());
  }

  @Test
  void aRestingEntryCountsInFlightUntilTheHaltCancelsIt() {
    // Post-only, 4 % below the mid: it rests on the synthetic market's book and never fills.
    String maker = new JsonObject().put("symbols", new JsonArray().add("BTCUSDT")).put("execution", new JsonObject()
        .put("type", "post_only").put("price", "offset").put("offsetBps", 400).put("ttlMs", 60_000).put("maxReprices", 0))
        .encode();
    assertThat(Http.send("PUT", api + "/agents/cautious-1m", maker, TOKEN).statusCode()).isEqualTo(200);
    String clOrdId = post("/agents/cautious-1m/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\"}", 202)
        .getJsonArray("queued").getJsonObject(0).getString("clOrdId");
    Eventually.within(Duration.ofSeconds(10), "the entry resting", () -> order(clOrdId).getBoolean("resting", false));
    JsonObject resting = order(clOrdId);
    assertThat(resting.getString("status")).isEqualTo("LIVE");
    assertThat(resting.getString("orderType")).isEqualTo("POST_ONLY");
    assertThat(resting.getBoolean("settled")).isFalse();
    JsonObject ticker = new JsonObject(Http.get(api + "/market/BTCUSDT/ticker").body());
    double mid = (ticker.getDouble("bid") + ticker.getDouble("ask")) / 2;
    assertThat(resting.getDouble("limitPrice")).isBetween(mid * 0.955, mid * 0.965);

    // Its ticket is done, but the order still counts: a second entry finds the position's room taken.
    post("/agents/cautious-1m/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\",\"requestId\":\"second\"}", 202);
    Eventually.within(Duration.ofSeconds(10), "the second entry refused", () -> history("cautious-1m").stream()
        .anyMatch(s -> "rejected".equals(s.getString("status"))));
    assertThat(history("cautious-1m").stream().filter(s -> "rejected".equals(s.getString("status"))).findFirst()
        .orElseThrow().getString("check")).isIn("max_position_notional", "exchange_minimum");

    post("/admin/halt", "{\"halted\":true,\"reason\":\"exchange maintenance\"}", 200);
    Eventually.within(Duration.ofSeconds(10), "the entry cancelled", () -> order(clOrdId).getBoolean("settled"));
    JsonObject cancelled = order(clOrdId);
    assertThat(cancelled.getString("status")).isEqualTo("CANCELED");
    assertThat(cancelled.getString("reason")).isEqualTo("cancelled: trading halted: exchange maintenance");
    assertThat(new JsonObject(Http.get(api + "/trades?agentId=cautious-1m").body()).getJsonArray("trades")).isEmpty();

    // Settled, it no longer counts: the next entry is sized and sent.
    post("/admin/halt", "{\"halted\":false}", 200);
    String third = post("/agents/cautious-1m/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\",\"requestId\":\"third\"}",
        202).getJsonArray("queued").getJsonObject(0).getString("clOrdId");
    Eventually.within(Duration.ofSeconds(10), "the third entry resting", () -> order(third).getBoolean("resting", false));
  }

  private JsonObject order(String clOrdId) {
    HttpResponse<String> response = Http.get(api + "/orders/" + clOrdId);
    return response.statusCode() == 200 ? new JsonObject(response.body()) : new JsonObject().put("settled", false);
  }

  @Test
  void anAnalysisResultOfferedTwiceIsOneSignal() {
    AnalysisResult result = new AnalysisResult("cautious-1m", "BTCUSDT", "1m", 1_700_000_000_000L, 1_700_000_059_999L,
        "bar", "BUY", 0.9, 1.0, 60_000.0, List.of(), "[]", "{}", null, null, 1_700_000_060_000L, null, null);
    // As the analysis role offers its results' signals (a retried analysis offers them again).
    SignalDesk desk = node.verticles().signalDesk();
    for (int i = 0; i < 6; i++) {
      Signal signal = Signals.fromAnalysis(result, System.currentTimeMillis(), Duration.ofMinutes(1)).orElseThrow();
      desk.submit(signal).toCompletionStage().toCompletableFuture().join();
    }
    Eventually.within(Duration.ofSeconds(5), "processed", () -> history("cautious-1m").stream()
        .anyMatch(s -> !"queued".equals(s.getString("status"))));
    assertThat(history("cautious-1m")).hasSize(1);
    assertThat(history("cautious-1m").get(0).getString("id")).isEqualTo("cautious-1m:BTCUSDT:1700000000000:buy");
  }

  @Test
  void aStopLossClosesThePositionWithAnExitSignal() {
    String tight = new JsonObject().put("symbols", new JsonArray().add("BTCUSDT")).put("risk", new JsonObject()
        .put("stopLossPct", 0.0001).put("takeProfitPct", 0.0001).put("maxOrdersPerMinute", 60)).encode();
    assertThat(Http.send("PUT", api + "/agents/cautious-1m", tight, TOKEN).statusCode()).isEqualTo(200);
    List<JsonObject> trades = collect(Addresses.agentTrades("cautious-1m"));
    Eventually.within(Duration.ofSeconds(5), "the BUY", () -> {
      post("/agents/cautious-1m/signals", "{\"action\":\"BUY\"}", 202);
      return !trades.isEmpty() || sleep(500);
    });
    Eventually.within(Duration.ofSeconds(15), "the exit", () -> history("cautious-1m").stream()
        .anyMatch(s -> "exit".equals(s.getString("source")) && "sent".equals(s.getString("status"))));
    JsonObject exit = history("cautious-1m").stream().filter(s -> "exit".equals(s.getString("source"))).findFirst().orElseThrow();
    assertThat(exit.getString("action")).isEqualTo("CLOSE");
    assertThat(exit.getJsonArray("reasons").getString(0)).containsAnyOf("stop-loss", "take-profit");
    Eventually.within(Duration.ofSeconds(10), "the position closed", () -> trades.stream()
        .anyMatch(t -> "SELL".equals(t.getJsonObject("order").getString("side")) && t.getValue("position") == null));
    // The fills say why their orders were placed, in the backtest report's words.
    String guard = exit.getJsonArray("reasons").getString(0).startsWith("stop-loss") ? "stop-loss" : "take-profit";
    JsonArray fills = new JsonObject(Http.get(api + "/trades?agentId=cautious-1m").body()).getJsonArray("trades");
    assertThat(fills.stream().map(f -> ((JsonObject) f).getString("side") + " " + ((JsonObject) f).getString("exitReason")))
        .contains("BUY signal", "SELL " + guard);
  }

  @Test
  void aRetriedRequestIsOneSignalAndOneOrder() {
    List<JsonObject> trades = collect(Addresses.agentTrades("cautious-1m"));
    String buy = "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\",\"requestId\":\"desk-42\"}";
    JsonObject first = post("/agents/cautious-1m/signals", buy, 202);
    assertThat(first.getJsonArray("queued")).hasSize(1);
    String clOrdId = first.getJsonArray("queued").getJsonObject(0).getString("clOrdId");
    Eventually.within(Duration.ofSeconds(10), "the fill", () -> !trades.isEmpty());

    // The client did not hear the answer and sends it again, as it was and once as a header.
    JsonObject retried = post("/agents/cautious-1m/signals", buy, 202);
    assertThat(retried.getJsonArray("queued")).isEmpty();
    assertThat(retried.getJsonArray("duplicates").getJsonObject(0).getString("clOrdId")).isEqualTo(clOrdId);
    HttpResponse<String> byHeader = Http.sendWithHeaders("POST", api + "/agents/cautious-1m/signals",
        "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\"}", Map.of("Authorization", "Bearer " + TOKEN, "Idempotency-Key", "desk-42"));
    assertThat(byHeader.statusCode()).isEqualTo(202);
    assertThat(new JsonObject(byHeader.body()).getJsonArray("duplicates").getJsonObject(0).getString("clOrdId"))
        .isEqualTo(clOrdId);
    // A new id is a new request; a malformed one is refused.
    String other = post("/agents/cautious-1m/signals", buy.replace("desk-42", "desk-43"), 202)
        .getJsonArray("queued").getJsonObject(0).getString("clOrdId");
    assertThat(other).isNotEqualTo(clOrdId);
    assertThat(post("/agents/cautious-1m/signals", buy.replace("desk-42", "no spaces"), 400)
        .getJsonObject("error").getString("code")).isIn("invalid_request", "invalid_signal");

    Eventually.within(Duration.ofSeconds(10), "the second request processed", () -> history("cautious-1m").stream()
        .anyMatch(s -> other.equals(s.getString("clOrdId")) && !"queued".equals(s.getString("status"))));
    long ordersOfTheFirst = new JsonObject(Http.get(api + "/trades?agentId=cautious-1m").body()).getJsonArray("trades")
        .stream().map(JsonObject.class::cast).filter(t -> clOrdId.equals(t.getString("clOrdId")))
        .map(t -> t.getString("clOrdId")).distinct().count();
    assertThat(ordersOfTheFirst).isEqualTo(1);
    assertThat(history("cautious-1m").stream().filter(s -> clOrdId.equals(s.getString("clOrdId")))
        .map(s -> s.getString("id")).distinct()).as("one signal for the three requests").hasSize(1);
  }

  private JsonObject post(String path, String body, int status) {
    HttpResponse<String> response = Http.send("POST", api + path, body, TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return new JsonObject(response.body());
  }

  private List<JsonObject> history(String agentId) {
    return new JsonObject(Http.get(api + "/agents/" + agentId + "/signals").body()).getJsonArray("signals").stream()
        .map(JsonObject.class::cast).toList();
  }

  private List<JsonObject> collect(String address) {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    // A trade event is published as its record, a signal as JSON: each as the body the edges write.
    node.vertx().eventBus().consumer(address, m -> events.add((JsonObject) MarketEvent.json(m.body())));
    return events;
  }

  private static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
