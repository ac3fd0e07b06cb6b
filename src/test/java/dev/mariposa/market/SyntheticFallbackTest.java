package dev.mariposa.market;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.DefaultAgents;
import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.analysis.indicators.MarketSeries;
import dev.mariposa.analysis.model.Action;
import dev.mariposa.analysis.model.Ensemble;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.analysis.model.TechnicalModel;
import dev.mariposa.bus.Addresses;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first run without network: MARKET_SOURCE=binance (the default) with Binance unreachable (its
 * URLs on a closed loopback port) and the paper exchange falls back to synthetic prices, and then
 * analyses and trades on them as MARKET_SOURCE=synthetic does. Before, the analysis kept asking
 * Binance for the warm-up bars the synthetic feed had already written, and stayed "warming up"
 * for two hours.
 *
 * <p>No test here waits for a bar to close: a series that becomes warm is analysed at once on its
 * last close. The synthetic market is random, so the trading test starts from bars whose last
 * close the momentum agent buys: real bars of 2024-09-21 put in MongoDB as an earlier live run
 * would have left them (a restart without network), which the synthetic feed then continues.
 */
class SyntheticFallbackTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String AGENT = "momentum-1m";
  /** Fewer than the analysis asks for (300): the rest would have to come from Binance. */
  private static final int HISTORY_BARS = 200;

  @TempDir
  Path dir;

  private TestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void afterTheFallbackTheAgentsAnalyseTheSyntheticBars() {
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("first-run", offline());
    String analysis = node.baseUrl() + "/api/agents/" + AGENT + "/analysis";

    Eventually.within(Duration.ofSeconds(30), "the synthetic fallback",
        () -> node.services().market().source().state().prices() == RunningSource.Prices.SYNTHETIC);
    assertThat(node.services().market().source().state().reason()).hasValueSatisfying(r -> r.contains("unreachable"));
    // The synthetic feed's four simulated hours are in the cache, and the analysis takes them.
    Eventually.within(Duration.ofSeconds(60), () -> "a warm analysis of " + AGENT + "; last: " + Http.get(analysis).body(),
        () -> warm(Http.get(analysis).body()));
    JsonObject result = new JsonObject(Http.get(analysis).body()).getJsonObject("results").getJsonObject("BTCUSDT");
    assertThat(result.getJsonObject("indicators").getInteger("bars")).isGreaterThanOrEqualTo(MarketSeries.WARMUP_BARS);
    assertThat(result.encode()).doesNotContain("warming up");
  }

  @Test
  void aDemoAgentTradesOnPaperWithoutWaitingForBinance() throws IOException {
    cluster = new TestCluster(dir);
    Mariposa recorder = cluster.start("recorder", Map.of());
    // The history ends with the last closed minute: seeded late in a minute, the next one would
    // close before the analysis reads it, and the agent would decide on the first live close.
    Eventually.within(Duration.ofSeconds(20), "a minute with time left in it", () -> System.currentTimeMillis() % 60_000 < 40_000);
    recorder.services().market().history().orElseThrow().saveAll(recentBarsTheAgentBuys()).await();

    Mariposa node = cluster.start("first-run", offline());
    List<JsonObject> trades = new CopyOnWriteArrayList<>();
    node.vertx().eventBus().<TradeEvent>consumer(Addresses.agentTrades(AGENT), m -> trades.add(m.body().toJson()));

    // At once on the history in the usual case; at the latest on the first two closes after it.
    String agent = node.baseUrl() + "/api/agents/" + AGENT;
    Eventually.within(Duration.ofSeconds(150), () -> "a paper fill for " + AGENT + "; its analysis: "
        + Http.get(agent + "/analysis").body() + "; its signals: " + Http.get(agent + "/signals").body(), () -> !trades.isEmpty());
    assertThat(node.services().market().source().state().prices()).isEqualTo(RunningSource.Prices.SYNTHETIC);
    JsonObject trade = trades.get(0);
    assertThat(trade.getString("type")).isEqualTo("fill");
    assertThat(trade.getJsonObject("order").getString("side")).isEqualTo("BUY");
    JsonArray fills = new JsonObject(Http.get(node.baseUrl() + "/api/trades?agentId=" + AGENT).body()).getJsonArray("trades");
    assertThat(fills).isNotEmpty();
    JsonObject order = new JsonObject(Http.get(node.baseUrl() + "/api/orders/"
        + fills.getJsonObject(0).getString("clOrdId")).body());
    assertThat(order.getString("status")).isEqualTo("FILLED");
    assertThat(order.getString("exchange")).isEqualTo("paper");
  }

  @Test
  void theStartDoesNotWaitForTheReachabilityCheck() throws IOException {
    // A Binance that accepts connections and never answers: its check times out after 10 s.
    try (ServerSocket silent = new ServerSocket(0)) {
      cluster = new TestCluster(dir);
      Map<String, String> env = new HashMap<>(offline());
      env.put("BINANCE_REST_URL", "http://127.0.0.1:" + silent.getLocalPort());
      Mariposa node = cluster.start("first-run", env);
      assertThat(node.services().market().source().state().prices())
          .as("started while the check had not answered").isEqualTo(RunningSource.Prices.PENDING);
      assertThat(Http.status(node.baseUrl() + "/health")).isEqualTo(200);
    }
  }

  /** The first run of a new user without network: defaults (binance, paper), Binance on a closed port. */
  private static Map<String, String> offline() {
    int closed = FreePort.find();
    return Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "binance", "EXCHANGE", "paper",
        "BINANCE_REST_URL", "http://127.0.0.1:" + closed, "BINANCE_WS_URL", "ws://127.0.0.1:" + closed);
  }

  private static boolean warm(String body) {
    JsonObject result = new JsonObject(body).getJsonObject("results", new JsonObject()).getJsonObject("BTCUSDT");
    return result != null && result.getJsonObject("indicators").getBoolean("warm", false);
  }

  /**
   * {@value #HISTORY_BARS} real bars whose last close the momentum agent buys (whatever the book's
   * imbalance short of asks outweighing bids, and still after one more bar within 0.05%), moved to
   * end with the last closed minute and scaled to end at the synthetic market's first price.
   */
  private static List<JsonObject> recentBarsTheAgentBuys() throws IOException {
    List<Kline> day = KlineCsv.read(SharedData.require(DAY));
    Agent agent = DefaultAgents.of(TestConfigs.config(Path.of("target/unused"), Map.of("SYMBOLS", "BTCUSDT"))).stream()
        .filter(a -> a.id().equals(AGENT)).findFirst().orElseThrow();
    for (int end = HISTORY_BARS; end <= day.size(); end++) {
      List<Kline> window = day.subList(end - HISTORY_BARS, end);
      if (buysWhatever(agent, window)) {
        return retimed(window);
      }
    }
    throw new IllegalStateException("no window of " + DAY + " that " + AGENT + " buys: the technical model changed?");
  }

  private static boolean buysWhatever(Agent agent, List<Kline> window) {
    Kline last = window.get(window.size() - 1);
    for (double next : new double[] {Double.NaN, -0.0005, 0, 0.0005}) {
      List<Kline> bars = new ArrayList<>(window);
      if (!Double.isNaN(next)) {
        BigDecimal close = last.close().multiply(BigDecimal.valueOf(1 + next));
        bars.add(new Kline(last.symbol(), last.interval(), last.openTime() + 60_000, last.closeTime() + 60_000, last.close(),
            last.close().max(close), last.close().min(close), close, last.volume(), last.quoteVolume(), last.trades(), true));
      }
      for (double imbalance : new double[] {0, 0.31}) {
        if (decide(agent, bars, imbalance) != Action.BUY) {
          return false;
        }
      }
    }
    return true;
  }

  private static Action decide(Agent agent, List<Kline> bars, double imbalance) {
    MarketSeries series = new MarketSeries("BTCUSDT", "1m", 500);
    bars.forEach(b -> series.add(b.openTime(), b.closeTime(), b.open().doubleValue(), b.high().doubleValue(),
        b.low().doubleValue(), b.close().doubleValue(), b.volume().doubleValue()));
    var snapshot = series.snapshot().orElseThrow();
    double price = snapshot.close();
    var book = new BookFeatures(price - 0.01, price + 0.01, 0.02 / price * 10_000, imbalance, BookFeatures.DEPTH);
    var input = new ModelInput(snapshot, Optional.of(book), series.recentCloses(ModelInput.RECENT_CLOSES), price,
        ModelInput.Trigger.BAR);
    return Ensemble.vote(agent, List.of(new TechnicalModel().evaluate(input))).action();
  }

  private static List<JsonObject> retimed(List<Kline> window) {
    long lastOpen = (System.currentTimeMillis() / 60_000 - 1) * 60_000;
    BigDecimal scale = BigDecimal.valueOf(SyntheticMarket.startingPrice("BTCUSDT"))
        .divide(window.get(window.size() - 1).close(), 12, RoundingMode.HALF_EVEN);
    List<JsonObject> bars = new ArrayList<>(window.size());
    for (int i = 0; i < window.size(); i++) {
      Kline k = window.get(i);
      long open = lastOpen - (long) (window.size() - 1 - i) * 60_000;
      bars.add(new Kline(k.symbol(), k.interval(), open, open + 59_999, price(k.open(), scale), price(k.high(), scale),
          price(k.low(), scale), price(k.close(), scale), k.volume(), k.quoteVolume(), k.trades(), true)
          .toJson(open + 60_000, "binance"));
    }
    return bars;
  }

  private static BigDecimal price(BigDecimal price, BigDecimal scale) {
    return price.multiply(scale).setScale(2, RoundingMode.HALF_EVEN);
  }
}
