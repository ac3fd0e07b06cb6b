package dev.mariposa.trade;

import static dev.mariposa.testing.Eventually.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.wiring.Services;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.Ticker;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.signal.Signals;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeBinance;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real money only on live venue prices, end to end against the fake OKX (a live host: no demo
 * trading) and what reaches it. On live Binance prices (the fake Binance replaying a real capture)
 * a real-money BUY is placed, without the demo header; once those prices stop coming, the next one
 * is refused by the risk gate (market_live) and the exits of the open position wait, saying so. In
 * a cluster whose feed replays 2024 bars (or runs the synthetic market), an OKX agent is refused
 * at the API (409 market_not_live), and one already stored gets neither its BUY nor its stop-loss
 * exit to the venue: zero orders. The replaying cluster on OKX demo trading places both (the
 * control: the test would see orders if the guard let them through).
 */
class RealMoneySafetyTest {
  private static final FakeOkx.Credentials OKX =
      new FakeOkx.Credentials("safety-okx-key-5b2d", "safety-okx-secret-c2FmZXR5", "safety-okx-pass-Rm7");
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";
  private static final String TOKEN = "safety-token-0123456789abcdef";
  /** Quotes heard with the real-money position open before the capture is ended. */
  private static final int LIVE_TICKS_HELD = 20;

  @TempDir
  Path dir;

  @Test
  void realMoneyTradesOnLiveBinancePricesAndWaitsWhenTheyStop() throws Exception {
    Path capture = SharedData.require(CAPTURE);
    try (FakeOkx okx = FakeOkx.startAlone(OKX, false).fullListing().fillPrice(new BigDecimal("0.99"));
         FakeBinance binance = new FakeBinance(capture,
             FakeBinance.snapshots(SharedData.dir().resolve("binance/rest"), "depth_snapshot_2021-04-05_"))
             .pace(10, 10).rateLimitFirstSnapshot();
         TestCluster cluster = new TestCluster(dir)) {
      Map<String, String> env = new HashMap<>(okx.env());
      env.putAll(Map.of("ROLES", "feed,signal,trade", "SYMBOLS", "MANAUSDT", "MARKET_SOURCE", "binance",
          "BINANCE_WS_URL", binance.wsUrl(), "BINANCE_REST_URL", binance.restUrl()));
      // Tickers stay in the cache after the capture ends, getting older: the age is what refuses.
      Mariposa trader = cluster.start("real", env, json -> json.getJsonObject("cache").put("tickerTtlMs", 120_000));
      List<JsonObject> tickers = new CopyOnWriteArrayList<>();
      List<JsonObject> status = new CopyOnWriteArrayList<>();
      trader.vertx().eventBus().<Ticker>consumer(Addresses.ticker("MANAUSDT"), m -> tickers.add(m.body().toJson()));
      trader.vertx().eventBus().<JsonObject>consumer(Addresses.SYSTEM_STATUS, m -> status.add(m.body()));
      Services platform = trader.services();
      Agent agent = okxAgent("real-1", "MANAUSDT", 3, 0); // no stops: the only orders are the test's
      new AgentRepository(platform.mongo()).create(agent, System.currentTimeMillis()).await();
      trader.vertx().eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject());

      // While the first depth snapshot is refused (429), quotes come with the book not in sync.
      Eventually.within(Duration.ofSeconds(20), () -> "a ticker with the book in sync: " + tickers.size() + " tickers",
          () -> tickers.stream().anyMatch(t -> Boolean.TRUE.equals(t.getBoolean("bookSynced"))));
      assertThat(tickers).as("quotes before the book was in sync say so").anyMatch(t -> Boolean.FALSE.equals(t.getBoolean("bookSynced")));
      // The gate reads the market cache (250 ms in process): let the synced quotes reach it.
      pause(1_000);
      Eventually.within(Duration.ofSeconds(10), "the newest ticker in sync",
          () -> Boolean.TRUE.equals(tickers.get(tickers.size() - 1).getBoolean("bookSynced")));

      SignalQueue queue = new SignalQueue(platform.redis(), platform.scripts(), platform.keys());
      Signal live = buy(agent, "MANAUSDT", "live");
      assertThat(queue.offer(live).await()).isTrue();
      Eventually.within(Duration.ofSeconds(20), () -> "the live BUY placed at OKX: " + okx.placementsReceived()
              + " placements; the signal " + signal(platform, live),
          () -> okx.ordersCreated() == 1 && signalStatus(platform, live).equals("sent"));
      assertThat(okx.simulatedHeaders()).as("real money: no demo-trading header").containsOnly("");
      assertThat(okx.orders().get(0).clOrdId()).isEqualTo(live.clientOrderId());

      // The capture ends once the position's exits have had live quotes (not at its own end, some 8 s
      // later): no more quotes. Past the agent's maximum ticker age (3 s) nothing real goes out.
      Eventually.within(Duration.ofSeconds(10), "the position held", () -> positionHeld(platform, agent, "MANAUSDT"));
      int heard = tickers.size();
      Eventually.within(Duration.ofSeconds(10), "live quotes while the position is held",
          () -> tickers.size() >= heard + LIVE_TICKS_HELD);
      binance.endCapture();
      Eventually.within(Duration.ofSeconds(30), "the fake Binance sent its last quote", binance::finished);
      pause(3_500);
      Signal late = buy(agent, "MANAUSDT", "late");
      assertThat(queue.offer(late).await()).isTrue();
      Eventually.within(Duration.ofSeconds(10), () -> "the late BUY rejected: " + signal(platform, late),
          () -> signalStatus(platform, late).equals("rejected"));
      JsonObject rejected = signal(platform, late).orElseThrow();
      assertThat(rejected.getString("check")).isEqualTo("market_live");
      assertThat(rejected.getString("reason")).contains("the MANAUSDT ticker is", "ms old, real money needs one at most 3000 ms old");
      Eventually.within(Duration.ofSeconds(10), () -> "the position's exits wait, said on system.status: " + status,
          () -> status.stream().anyMatch(s -> "exits".equals(s.getString("component")) && "WAITING".equals(s.getString("state"))
              && "real-1".equals(s.getString("agentId")) && s.getString("reason").contains("ms old")));
      assertThat(okx.placementsReceived()).as("orders that reached OKX").isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"replay", "synthetic"})
  void onUnlivePricesRealMoneyReachesTheVenueWithNothing(String source) throws Exception {
    String said = source.equals("replay") ? "BTCUSDT prices are replayed from recorded data of 2024-09-21"
        : "BTCUSDT prices are synthetic";
    try (FakeOkx okx = FakeOkx.startAlone(OKX, false).fillPrice(new BigDecimal("63000"));
         TestCluster cluster = new TestCluster(dir)) {
      UnliveCluster run = unliveCluster(cluster, okx, source);
      String api = run.feeder.baseUrl() + "/api/agents";

      HttpResponse<String> refused = Http.send("POST", api, okxAgentJson("okx-new"), TOKEN);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
      JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("market_not_live");
      assertThat(error.getString("message")).contains("real money", "OKX_SIMULATED=false on trader",
          "feeder feeds " + (source.equals("replay") ? "replayed" : "synthetic") + " prices");
      assertThat(Http.send("POST", api, okxAgentJson("okx-new").replace("\"okx\"", "\"paper\""), TOKEN).statusCode())
          .as("a paper agent is fine").isEqualTo(201);

      // An OKX agent stored before (or by another way): its BUY and its stop-loss exit stay home.
      run.tradeBothWays();
      Eventually.within(Duration.ofSeconds(15), () -> "the BUY rejected: " + signal(run.platform, run.buy),
          () -> signalStatus(run.platform, run.buy).equals("rejected"));
      JsonObject rejected = signal(run.platform, run.buy).orElseThrow();
      assertThat(rejected.getString("check")).isEqualTo("market_live");
      assertThat(rejected.getString("reason")).contains(said);
      Eventually.within(Duration.ofSeconds(15), () -> "the stop-loss waits, said on system.status: " + run.status,
          () -> run.status.stream().anyMatch(s -> "exits".equals(s.getString("component"))
              && "WAITING".equals(s.getString("state")) && s.getString("reason").contains(said)));
      long ticks = run.ticks.size();
      Eventually.within(Duration.ofSeconds(10), "three more ticks crossing the stop", () -> run.ticks.size() >= ticks + 3);
      pause(500);
      assertThat(okx.placementsReceived()).as("orders that reached OKX").isZero();
      assertThat(run.positionHeld()).as("the position is still held, its exit waiting").isTrue();
    }
  }

  @Test
  void onReplayedPricesDemoTradingGoesThrough() throws Exception {
    try (FakeOkx okx = FakeOkx.startAlone(OKX, true).fillPrice(new BigDecimal("63000"));
         TestCluster cluster = new TestCluster(dir)) {
      UnliveCluster run = unliveCluster(cluster, okx, "replay");
      HttpResponse<String> created = Http.send("POST", run.feeder.baseUrl() + "/api/agents", okxAgentJson("okx-demo"), TOKEN);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

      run.tradeBothWays();
      Eventually.within(Duration.ofSeconds(20),
          () -> "the BUY and the stop-loss exit placed: " + okx.orders() + "; the BUY: " + signal(run.platform, run.buy),
          () -> okx.ordersCreated() >= 2 && !run.positionHeld());
      assertThat(okx.simulatedHeaders()).as("demo trading").containsOnly("1");
      assertThat(okx.orders()).extracting(FakeOkx.Order::side).contains("buy", "sell");
    }
  }

  // ---- fixtures ---------------------------------------------------------------------------

  /**
   * A feed + http instance on paper replaying 2024-09-21 (or on the synthetic market), and a
   * signal + trade instance on the fake OKX.
   */
  private UnliveCluster unliveCluster(TestCluster cluster, FakeOkx okx, String source) {
    Map<String, String> feed = new HashMap<>(Map.of("ROLES", "feed,http", "MARKET_SOURCE", source, "SYMBOLS", "BTCUSDT",
        "API_TOKENS", TOKEN));
    if (source.equals("replay")) {
      feed.put("REPLAY_FILES", SharedData.require("binance/klines/BTCUSDT-1m-2024-09-21.csv").toString());
      feed.put("REPLAY_SPEED", "120");
    }
    Mariposa feeder = cluster.start("feeder", feed, json -> {
      json.getJsonObject("analysis").put("seedAgents", false);
      TestConfigs.patientSignals(json);
    });
    Map<String, String> env = new HashMap<>(okx.env());
    String money = okx.env().get("OKX_SIMULATED").equals("true") ? "demo" : "real";
    // No feed role: where the trader's prices come from is the cluster's business (the feeder's replay).
    // Real money must say binance (the config refuses it on anything else); demo trading on a replay
    // is configured as the replaying cluster it is, so it decides on the replayed time.
    env.putAll(Map.of("ROLES", "signal,trade", "MARKET_SOURCE", "binance", "BINANCE_REST_URL", "http://127.0.0.1:9"));
    if (money.equals("demo") && source.equals("replay")) {
      env.put("MARKET_SOURCE", "replay");
      env.put("REPLAY_FILES", feed.get("REPLAY_FILES"));
    }
    Mariposa trader = cluster.start("trader", env, TestConfigs::patientSignals);
    Eventually.within(Duration.ofSeconds(15), "the feeder reads the trader's report: " + money + " money",
        () -> pause(100) && money.equals(traderMoney(feeder)));
    return new UnliveCluster(feeder, trader);
  }

  private static final class UnliveCluster {
    final Mariposa feeder;
    final Services platform;
    final List<JsonObject> status = new CopyOnWriteArrayList<>();
    final List<JsonObject> ticks = new CopyOnWriteArrayList<>();
    final Agent agent = okxAgent("okx-stored", "BTCUSDT", 30, 1.0);
    Signal buy;

    UnliveCluster(Mariposa feeder, Mariposa trader) {
      this.feeder = feeder;
      this.platform = trader.services();
      trader.vertx().eventBus().<JsonObject>consumer(Addresses.SYSTEM_STATUS, m -> status.add(m.body()));
      trader.vertx().eventBus().<Ticker>consumer(Addresses.ticker("BTCUSDT"), m -> ticks.add(m.body().toJson()));
    }

    /** Stores the agent holding 0.001 BTC bought at 1,000,000 (any price of these markets is past its 1% stop), then asks it to BUY. */
    void tradeBothWays() {
      new AgentRepository(platform.mongo()).create(agent, System.currentTimeMillis()).await();
      new AccountRepository(platform.mongo()).update(agent.id(), BigDecimal.valueOf(10_000), account -> account.apply(
          "seeded", "BTCUSDT", true, new BigDecimal("0.001"), new BigDecimal("1000000"), BigDecimal.ZERO,
          System.currentTimeMillis())).await();
      feeder.vertx().eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject());
      Eventually.within(Duration.ofSeconds(10), "BTCUSDT ticks", () -> ticks.size() >= 2);
      buy = buy(agent, "BTCUSDT", "replayed");
      assertThat(new SignalQueue(platform.redis(), platform.scripts(), platform.keys()).offer(buy).await()).isTrue();
    }

    boolean positionHeld() {
      return new AccountRepository(platform.mongo()).get(agent.id(), BigDecimal.valueOf(10_000)).await()
          .positions().containsKey("BTCUSDT");
    }
  }

  /** The money the cluster's trade instances spend, as the feeder's GET /api/system says. */
  private static String traderMoney(Mariposa feeder) {
    HttpResponse<String> system = Http.get(feeder.baseUrl() + "/api/system");
    return system.statusCode() != 200 ? "unknown"
        : new JsonObject(system.body()).getJsonObject("trading").getString("money");
  }

  private static Agent okxAgent(String id, String symbol, int maxTickerAgeSeconds, double stopLossPct) {
    Agent.RiskLimits risk = new Agent.RiskLimits(5, 100, 600, 1_000, 50, 0, maxTickerAgeSeconds, stopLossPct, 0, 0);
    return new Agent(id, id, List.of(symbol), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.99, 0.99,
        risk, new Agent.Account(Agent.Exchange.OKX, 10_000), true, 0, 0, 0);
  }

  private static String okxAgentJson(String id) {
    return new JsonObject().put("id", id).put("symbols", List.of("BTCUSDT"))
        .put("account", new JsonObject().put("exchange", "okx").put("startingBalance", 10_000)).encode();
  }

  private static Signal buy(Agent agent, String symbol, String requestId) {
    return Signals.requested(agent.id(), symbol, Signal.Action.BUY, 1.0, 0, requestId, System.currentTimeMillis(),
        Duration.ofSeconds(60));
  }

  private static Optional<JsonObject> signal(Services platform, Signal signal) {
    return Optional.ofNullable(platform.mongo().client().findOne("signals", new JsonObject().put("_id", signal.id()), null)
        .await());
  }

  private static boolean positionHeld(Services platform, Agent agent, String symbol) {
    return new AccountRepository(platform.mongo()).get(agent.id(), BigDecimal.valueOf(agent.account().startingBalance()))
        .await().positions().containsKey(symbol);
  }

  private static String signalStatus(Services platform, Signal signal) {
    return signal(platform, signal).map(s -> s.getString("status")).orElse("none");
  }
}
