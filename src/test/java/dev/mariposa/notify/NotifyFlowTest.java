package dev.mariposa.notify;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.reliability.CapturedOutput;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeTelegram;
import dev.mariposa.testing.FakeWebhook;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier in a cluster of two jobs instances (one with every role), on the fake Bot API and
 * a fake webhook: fills, halts and the daily summary are told once, to the allowed chat and the
 * webhook; /halt and /resume go through the API's kill switch, /close through its signal path;
 * a chat not allowed changes nothing and hears nothing; an update delivered twice acts once; and
 * neither the bot token nor the webhook URL's secret part is ever logged, at any level.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifyFlowTest {
  private static final String BOT_TOKEN = "424242:flowTestBotToken_ABCDEFGHIJKLMNOP";
  private static final String WEBHOOK_SECRET = "T0FLOW/B0FLOW/webhookSecretPart0123";
  private static final String API_TOKEN = "notify-flow-token-0123456789";
  private static final long CHAT = 5150;
  private static final long STRANGER = 666;

  @TempDir
  static Path dir;

  private CapturedOutput captured;
  private Vertx fakes;
  private FakeTelegram telegram;
  private FakeWebhook webhook;
  private TestCluster cluster;
  private Mariposa node;
  private String api;

  @BeforeAll
  void start() {
    captured = CapturedOutput.start();
    fakes = Vertx.vertx();
    telegram = FakeTelegram.start(fakes, BOT_TOKEN);
    webhook = FakeWebhook.start(fakes);
    cluster = new TestCluster(dir);
    Map<String, String> env = new HashMap<>(Map.of("SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic",
        "API_TOKENS", API_TOKEN, "TELEGRAM_BOT_TOKEN", BOT_TOKEN, "TELEGRAM_CHAT_IDS", Long.toString(CHAT),
        "TELEGRAM_API_URL", telegram.baseUrl(), "WEBHOOK_URLS", webhook.url("/services/" + WEBHOOK_SECRET),
        "NOTIFY_DAILY_SUMMARY_UTC", "00:00"));
    Consumer<JsonObject> quick = json -> {
      json.getJsonObject("notify").put("retryBaseMs", 100).put("leaseTtlMs", 3000)
          .getJsonObject("telegram").put("pollTimeoutS", 2);
      // The API's write policy, which /close draws on per chat: four in a row are one too many.
      json.getJsonObject("rateLimit").getJsonObject("policies").getJsonObject("write")
          .put("requests", 3).put("periodSeconds", 600).put("burst", 3);
    };
    env.put("ROLES", "all");
    node = cluster.start("n1", env, quick);
    env.put("ROLES", "jobs");
    cluster.start("n2", env, quick);
    api = node.baseUrl() + "/api";
    Eventually.within(Duration.ofSeconds(10), "a ticker", () -> Http.status(api + "/market/BTCUSDT/ticker") == 200);
    Eventually.within(Duration.ofSeconds(10), "a book", () -> Http.status(api + "/market/BTCUSDT/orderbook") == 200);
    Eventually.within(Duration.ofSeconds(10), "the demo agents", () -> Http.status(api + "/agents/cautious-1m") == 200);
  }

  @AfterAll
  void stop() {
    try {
      cluster.close();
      telegram.close();
      webhook.close();
      fakes.close().await();
    } finally {
      captured.close();
    }
  }

  @Test
  @Order(1)
  void theDailySummaryGoesOnceItsTimeHasPassed() {
    Eventually.within(Duration.ofSeconds(15), "the daily summary", () -> told("Daily summary "));
    String summary = telegram.sentTo(CHAT).stream().filter(t -> t.startsWith("Daily summary ")).findFirst().orElseThrow();
    assertThat(summary).contains("cautious-1m: ").contains("Total: P/L");
    Eventually.within(Duration.ofSeconds(10), "the summary at the webhook", () -> hooked("Daily summary "));
  }

  @Test
  @Order(2)
  void aFillIsToldToTheChatAndTheWebhook() {
    post("/agents/cautious-1m/signals", "{\"symbol\":\"BTCUSDT\",\"action\":\"BUY\"}", 202);
    Eventually.within(Duration.ofSeconds(15), "the fill in the chat", () -> told("FILL cautious-1m BUY "));
    String fill = telegram.sentTo(CHAT).stream().filter(t -> t.startsWith("FILL cautious-1m BUY ")).findFirst().orElseThrow();
    assertThat(fill).contains(" BTCUSDT @ ").contains("Position: ").contains("cash ");
    Eventually.within(Duration.ofSeconds(10), "the fill at the webhook", () -> hooked("FILL cautious-1m BUY "));
  }

  @Test
  @Order(3)
  void haltAndResumeFromTheChatAreTheApisKillSwitch() {
    telegram.userSays(CHAT, "/halt exchange maintenance");
    Eventually.within(Duration.ofSeconds(10), "the halt", () -> halt().getBoolean("halted"));
    assertThat(halt().getString("reason")).isEqualTo("exchange maintenance");
    assertThat(halt().getString("by")).isEqualTo("telegram:" + CHAT);
    Eventually.within(Duration.ofSeconds(10), "the answer", () -> told("Trading halted: exchange maintenance"));
    Eventually.within(Duration.ofSeconds(10), "the halt told", () -> told("HALTED: trading stopped") && hooked("HALTED"));

    telegram.userSays(CHAT, "/resume");
    Eventually.within(Duration.ofSeconds(10), "the resume", () -> !halt().getBoolean("halted"));
    Eventually.within(Duration.ofSeconds(10), "the resume told", () -> told("RESUMED: trading again"));
  }

  @Test
  @Order(4)
  void anUpdateDeliveredAgainActsOnce() {
    long halt = telegram.userSays(CHAT, "/halt once only");
    Eventually.within(Duration.ofSeconds(10), "the halt", () -> halt().getBoolean("halted"));
    telegram.userSays(CHAT, "/resume");
    Eventually.within(Duration.ofSeconds(10), "the resume", () -> !halt().getBoolean("halted"));

    telegram.redeliver(halt, CHAT, "/halt once only");
    // Updates are acted on in order: once /status is answered, the redelivered /halt was seen.
    int statuses = count("Trading: ");
    telegram.userSays(CHAT, "/status");
    Eventually.within(Duration.ofSeconds(10), "the status", () -> count("Trading: ") > statuses);
    assertThat(halt().getBoolean("halted")).isFalse();
    assertThat(count("Trading halted: once only")).isEqualTo(1);
  }

  @Test
  @Order(5)
  void aChatNotAllowedChangesNothingAndHearsNothing() {
    telegram.userSays(STRANGER, "/halt hostile takeover");
    int statuses = count("Trading: ");
    telegram.userSays(CHAT, "/status");
    Eventually.within(Duration.ofSeconds(10), "the status", () -> count("Trading: ") > statuses);
    assertThat(telegram.sentTo(CHAT).get(telegram.sentTo(CHAT).size() - 1)).startsWith("Trading: RUNNING");
    assertThat(halt().getBoolean("halted")).isFalse();
    assertThat(telegram.sentTo(STRANGER)).isEmpty();
    assertThat(captured.lines()).anyMatch(l -> l.contains("chat " + STRANGER + ", which is not in TELEGRAM_CHAT_IDS"));
  }

  @Test
  @Order(6)
  void closeQueuesACloseSignalThroughTheApisSignalPath() {
    long update = telegram.userSays(CHAT, "/close cautious-1m BTCUSDT");
    String id = "cautious-1m:BTCUSDT:api:r-tg-" + update;
    Eventually.within(Duration.ofSeconds(10), "the CLOSE signal in the API's history", () -> signals().stream()
        .anyMatch(s -> id.equals(s.getString("id")) && "CLOSE".equals(s.getString("action"))));
    Eventually.within(Duration.ofSeconds(10), "the answer", () -> told("Queued: CLOSE cautious-1m BTCUSDT (signal " + id + ")"));
  }

  @Test
  @Order(7)
  void theChatsCommandsDrawOnTheApisRateLimit() {
    // /close used one of the three: two more pass (answered with their usage), the fourth is refused.
    for (int i = 0; i < 3; i++) {
      telegram.userSays(CHAT, "/close");
    }
    Eventually.within(Duration.ofSeconds(10), "three answers", () -> count("Usage: /close") + count("Too many commands") == 3);
    assertThat(count("Usage: /close")).isEqualTo(2);
    assertThat(count("Too many commands: at most 3 per 600 s")).isEqualTo(1);
  }

  @Test
  @Order(8)
  void aReconciliationAlertIsTold() {
    node.vertx().eventBus().publish(Addresses.RECONCILIATION, new JsonObject().put("id", "d1").put("kind", "orphan_order")
        .put("exchange", "okx").put("subject", "c1").put("agentId", "cautious-1m").put("symbol", "BTCUSDT")
        .put("detail", "an open order at the venue that MongoDB does not know").put("action", "cancelled")
        .put("alert", true).put("at", 1L));
    Eventually.within(Duration.ofSeconds(10), "the alert", () -> told("RECONCILIATION ALERT: orphan_order on okx, agent cautious-1m, BTCUSDT")
        && hooked("RECONCILIATION ALERT"));
  }

  @Test
  @Order(9)
  void anExitIsToldWithItsSignalsReason() {
    String signalId = "cautious-1m:BTCUSDT:exit:1700000000000";
    node.vertx().eventBus().publish(Addresses.signal("cautious-1m"), new JsonObject().put("id", signalId)
        .put("agentId", "cautious-1m").put("symbol", "BTCUSDT").put("action", "CLOSE").put("source", "exit")
        .put("reasons", new io.vertx.core.json.JsonArray().add("stop-loss: -2.100% from the entry 60000, the stop is -2%"))
        .put("status", "sent"));
    JsonObject order = new JsonObject().put("clOrdId", "x1").put("signalId", signalId).put("agentId", "cautious-1m")
        .put("symbol", "BTCUSDT").put("side", "SELL").put("quantity", 0.01).put("status", "FILLED").put("createdAt", 1L)
        .put("exitReason", "stop-loss");
    // Most likely after the signal has crossed (two Redis channels, no order between them): its
    // words then; the order's own reason otherwise. Either way the exit says stop-loss.
    Eventually.pause(300);
    node.vertx().eventBus().publish(Addresses.agentTrades("cautious-1m"), dev.mariposa.events.TradeEvent.of(order,
        List.of(new dev.mariposa.exchange.Fill(new java.math.BigDecimal("0.01"), new java.math.BigDecimal("58740"),
            new java.math.BigDecimal("0.58"), 2L)), null, new java.math.BigDecimal("10000")));
    Eventually.within(Duration.ofSeconds(10), "the exit", () -> told("EXIT cautious-1m SELL 0.01 BTCUSDT @ 58740"));
    String exit = telegram.sentTo(CHAT).stream().filter(t -> t.startsWith("EXIT cautious-1m SELL 0.01")).findFirst().orElseThrow();
    assertThat(exit).contains("Reason: stop-loss").contains("Position: none");
  }

  @Test
  @Order(10)
  void everythingIsToldOnceAndNoSecretIsLogged() {
    // Two jobs instances, one notifier: a second would have told the summary and each fill again.
    assertThat(count("Daily summary ")).isEqualTo(1);
    List<String> fills = telegram.sentTo(CHAT).stream().filter(t -> t.startsWith("FILL ") || t.startsWith("EXIT ")).toList();
    assertThat(fills).isNotEmpty().doesNotHaveDuplicates();
    assertThat(telegram.paths()).anyMatch(p -> p.contains(BOT_TOKEN));
    assertThat(captured.lines()).isNotEmpty().noneMatch(l -> l.contains(BOT_TOKEN) || l.contains(WEBHOOK_SECRET)
        || l.contains(BOT_TOKEN.substring(BOT_TOKEN.indexOf(':') + 1)));
  }

  private boolean told(String prefix) {
    return telegram.sentTo(CHAT).stream().anyMatch(t -> t.startsWith(prefix));
  }

  private int count(String prefix) {
    return (int) telegram.sentTo(CHAT).stream().filter(t -> t.startsWith(prefix)).count();
  }

  private boolean hooked(String prefix) {
    return webhook.received().stream().anyMatch(b -> b.getString("text", "").startsWith(prefix));
  }

  private JsonObject halt() {
    return new JsonObject(Http.get(api + "/admin/halt").body());
  }

  private List<JsonObject> signals() {
    return new JsonObject(Http.get(api + "/agents/cautious-1m/signals").body()).getJsonArray("signals").stream()
        .map(JsonObject.class::cast).toList();
  }

  private void post(String path, String body, int status) {
    var response = Http.send("POST", api + path, body, API_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }
}
