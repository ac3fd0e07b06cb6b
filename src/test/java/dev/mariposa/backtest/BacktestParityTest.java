package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.metrics.TradeFill;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest and a live replay of the same data give the same fills. Live: a first instance
 * replays the real BTCUSDT day's first {@value #WARM} bars at full speed into the market cache;
 * the agent is created; a second instance (every role, paper exchange, Redis and MongoDB) replays
 * bars {@value #WARM}–{@value #END} at 600 ms a bar, its analysis warmed from the cache, through
 * the Redis queues to the paper exchange. Backtest: the engine over bars 0–{@value #END}, trading
 * from bar {@value #WARM}. The fills (time, side, quantity, price, fee, in order) are the same.
 *
 * <p>Both decide on the recorded time: the backtest on its simulated clock, the live instance on
 * the replayed time (the newest market event's). So the agent's cooldown is on: {@value #COOLDOWN_S}
 * s after the window's losing exit, it moves the next entry a bar later than without one. Its
 * order rate stays high: the cluster's rate limiter counts in Redis's own time, the wall clock,
 * which a replay at {@code REPLAY_SPEED} 100 compresses a hundredfold. It has no stops, whose
 * ticks race the next bar's analysis live (the backtest's exits are covered by
 * {@link BacktestCommandTest}).
 */
class BacktestParityTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String FILE = "BTCUSDT-1m-2024-09-21.csv";
  private static final int WARM = 200;
  private static final int OVERLAP = 10;
  private static final int END = 270;
  private static final String TOKEN = "parity-token-7d1c";
  /** 38.5 minutes: the entry 38 bars after the losing exit waits, the one 39 bars after does not. */
  private static final int COOLDOWN_S = 2_310;

  @TempDir
  Path dir;

  @Test
  void aLiveReplayAndABacktestOfTheSameBarsFillTheSame() throws Exception {
    List<String> lines = Files.readAllLines(SharedData.require(DAY)).stream().filter(l -> !l.isBlank()).toList();
    Path warm = write("warm", lines.subList(0, WARM));
    Path window = write("window", lines.subList(WARM - OVERLAP, END));
    Path full = write("full", lines.subList(0, END));
    Agent agent = agent(COOLDOWN_S);

    List<TradeFill> live;
    List<String> signals;
    MariposaConfig config;
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa warmer = cluster.start("warmer", Map.of("ROLES", "feed,http", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", warm.toString(), "REPLAY_SPEED", "0", "SYMBOLS", "BTCUSDT"), this::noDemoAgents);
      String lastWarm = lines.get(WARM - 1).split(",")[0];
      Eventually.within(Duration.ofSeconds(20), "the warm-up bars cached", () -> lastKlineOpenTime(warmer).equals(lastWarm));
      new AgentRepository(warmer.platform().mongo()).create(agent, System.currentTimeMillis()).await();
      warmer.stop();

      Mariposa node = cluster.start("live", Map.of("ROLES", "all", "MARKET_SOURCE", "replay", "REPLAY_FILES",
          window.toString(), "REPLAY_SPEED", "100", "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN), this::noDemoAgents);
      config = node.platform().config();
      String lastBar = lines.get(END - 1).split(",")[0];
      Eventually.within(Duration.ofSeconds(90), "the window replayed", () -> lastKlineOpenTime(node).equals(lastBar));
      AtomicReference<List<TradeFill>> settled = new AtomicReference<>(List.of());
      Eventually.within(Duration.ofSeconds(20), "every order settled", () -> {
        List<JsonObject> open = node.platform().mongo().client()
            .find("orders", new JsonObject().put("settled", new JsonObject().put("$ne", true))).await();
        List<TradeFill> now = fills(node);
        boolean stable = open.isEmpty() && now.equals(settled.getAndSet(now));
        pause(1000);
        return stable;
      });
      live = settled.get();
      signals = node.platform().mongo().client().find("signals", new JsonObject().put("agentId", "parity")).await()
          .stream().map(d -> d.getString("status") + " " + d.getString("check") + " " + d.getString("reason")
              + " (bar " + d.getLong("barOpenTime") + ")").toList();
    }

    ReplayFiles files = ReplayFiles.read(List.of(full));
    long from = Long.parseLong(lines.get(WARM).split(",")[6]);
    BacktestEngine.Settings settings = new BacktestEngine.Settings(from, Long.MAX_VALUE, config.analysis().seriesBars(),
        config.trade().signalTtl(), config.market().replayBarSpreadBps());
    BacktestEngine.Result result = new BacktestEngine(Timeline.of(files, Long.MAX_VALUE, Timeline.wanted(List.of(agent))), List.of(agent), settings)
        .run((done, total, orders) -> {});
    List<TradeFill> backtest = result.runs().get(0).fills;
    List<TradeFill> withoutCooldown = new BacktestEngine(Timeline.of(files, Long.MAX_VALUE,
        Timeline.wanted(List.of(agent(0)))), List.of(agent(0)), settings).run((done, total, orders) -> {}).runs().get(0).fills;

    assertThat(backtest).as("fills of the backtest").hasSizeGreaterThanOrEqualTo(3);
    assertThat(backtest.stream().map(BacktestParityTest::trade).toList()).as("the cooldown changes the trades")
        .isNotEqualTo(withoutCooldown.stream().map(BacktestParityTest::trade).toList());
    assertThat(live.stream().map(BacktestParityTest::trade).toList())
        .as("live fills (time side quantity @ price fee); the live signals: %s", signals)
        .containsExactlyElementsOf(backtest.stream().map(BacktestParityTest::trade).toList());
  }

  private void noDemoAgents(JsonObject json) {
    json.getJsonObject("analysis").put("seedAgents", false);
  }

  private Path write(String name, List<String> rows) throws Exception {
    Path file = dir.resolve(name).resolve(FILE);
    Files.createDirectories(file.getParent());
    Files.write(file, rows);
    return file;
  }

  private static Agent agent(int cooldownSeconds) {
    Agent.RiskLimits risk = new Agent.RiskLimits(1, 1_000, 600, 200, 10, cooldownSeconds, 30, 0, 0, 0);
    return new Agent("parity", "Parity", List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)),
        0.5, 0.6, risk, new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
  }

  private static String lastKlineOpenTime(Mariposa node) {
    var response = Http.get(node.baseUrl() + "/api/market/BTCUSDT/klines?interval=1m&limit=1");
    if (response.statusCode() != 200) {
      return "";
    }
    JsonArray klines = new JsonObject(response.body()).getJsonArray("klines");
    return klines == null || klines.isEmpty() ? "" : String.valueOf(klines.getJsonObject(klines.size() - 1).getLong("openTime"));
  }

  private static List<TradeFill> fills(Mariposa node) {
    return node.platform().mongo().client().find("fills", new JsonObject().put("agentId", "parity")).await().stream()
        .sorted(java.util.Comparator.comparingLong((JsonObject f) -> f.getLong("at")).thenComparing(f -> f.getString("_id")))
        .map(f -> new TradeFill(f.getLong("at"), f.getString("symbol"), f.getString("side").equals("BUY"),
            new java.math.BigDecimal(f.getString("quantity")), new java.math.BigDecimal(f.getString("price")),
            new java.math.BigDecimal(f.getString("fee"))))
        .toList();
  }

  private static String trade(TradeFill f) {
    return java.time.Instant.ofEpochMilli(f.at()) + " " + (f.buy() ? "BUY " : "SELL ")
        + f.quantity().stripTrailingZeros().toPlainString() + " @ " + f.price().stripTrailingZeros().toPlainString()
        + " fee " + f.fee().stripTrailingZeros().toPlainString();
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
