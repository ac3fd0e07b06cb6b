package dev.mariposa.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of 2024-09-21 trades in 2024-09-21: one instance feeds and analyses, another (no feed,
 * no market consumer until it holds a position) decides, trades on the paper exchange, measures
 * and snapshots, on the time the bridge brings it. Every stamp is inside the replayed day, and a
 * position's holding time is replayed minutes, not the wall-clock fraction of a second a bar takes.
 */
class ReplayedTimeTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String FILE = "BTCUSDT-1m-2024-09-21.csv";
  private static final long DAY_START = 1726876800000L;
  private static final long DAY_END = DAY_START + 86_400_000L;
  private static final int WARM = 200;
  /** The window's round trip: the agent buys on bar 218 and sells on bar 230; a few bars more for its fill. */
  private static final int END = 240;

  @TempDir
  Path dir;

  @Test
  void ordersFillsSignalsAndSnapshotsAreStampedWithTheReplayedTime() throws Exception {
    List<String> lines = Files.readAllLines(SharedData.require(DAY)).stream().filter(l -> !l.isBlank()).toList();
    Path warm = write("warm", lines.subList(0, WARM));
    Path window = write("window", lines.subList(WARM - 10, END));
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa warmer = cluster.start("warmer", Map.of("ROLES", "feed,http", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", warm.toString(), "REPLAY_SPEED", "0", "SYMBOLS", "BTCUSDT"), this::noDemoAgents);
      String lastWarm = lines.get(WARM - 1).split(",")[0];
      Eventually.within(Duration.ofSeconds(20), "the warm-up bars cached", () -> lastKlineOpenTime(warmer).equals(lastWarm));
      new AgentRepository(warmer.services().mongo()).create(agent(), System.currentTimeMillis()).await();
      warmer.stop();

      Mariposa trader = cluster.start("trader", Map.of("ROLES", "signal,trade,metrics,jobs,http", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", window.toString(), "SYMBOLS", "BTCUSDT"), json -> {
            noDemoAgents(json);
            json.getJsonObject("jobs").put("snapshotMs", 1000);
          });
      cluster.start("feeder", Map.of("ROLES", "feed,analysis", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", window.toString(), "REPLAY_SPEED", "150", "SYMBOLS", "BTCUSDT"), this::noDemoAgents);
      String lastBar = lines.get(END - 1).split(",")[0];
      Eventually.within(Duration.ofSeconds(90), "the window replayed", () -> lastKlineOpenTime(trader).equals(lastBar));
      Eventually.within(Duration.ofSeconds(20), "a round trip settled", () -> find(trader, "orders").size() >= 2
          && find(trader, "orders").stream().allMatch(o -> o.getBoolean("settled", false)));

      long lastClose = Long.parseLong(lines.get(END - 1).split(",")[6]);
      assertThat(trader.services().clock().millis()).as("the trader's clock, fed over the bridge")
          .isEqualTo(lastClose);
      assertInReplayedDay(find(trader, "orders"), "createdAt");
      assertInReplayedDay(find(trader, "fills"), "at");
      assertInReplayedDay(find(trader, "signals"), "createdAt");
      assertInReplayedDay(find(trader, "signals"), "updatedAt");
      Eventually.within(Duration.ofSeconds(20), "a snapshot", () -> !find(trader, "performance_snapshots").isEmpty());
      assertInReplayedDay(find(trader, "performance_snapshots"), "at");

      Agent agent = new AgentRepository(trader.services().mongo()).get("timed").await().orElseThrow();
      JsonObject figures = trader.verticles().performance().compute(agent).await();
      assertThat(figures.getLong("at")).isBetween(DAY_START, DAY_END);
      assertThat(figures.getInteger("roundTrips")).isPositive();
      assertThat(figures.getLong("averageHoldingMs")).as("held for whole replayed bars").isGreaterThanOrEqualTo(60_000);
    }
  }

  /**
   * An instance that has heard no market event (it started after the replay ended) still decides
   * at the replayed time of the quotes it reads: an API signal there is stamped in the replayed
   * day, not at 0 (a signal of 1970 expired before any signal role could take it).
   */
  @Test
  void anApiSignalOnAnInstanceThatHeardNoEventIsStampedWithTheQuotesTime() throws Exception {
    List<String> lines = Files.readAllLines(SharedData.require(DAY)).stream().filter(l -> !l.isBlank()).toList();
    Path warm = write("warm", lines.subList(0, WARM));
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa feeder = cluster.start("feeder", Map.of("ROLES", "feed,http", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", warm.toString(), "REPLAY_SPEED", "0", "SYMBOLS", "BTCUSDT"), this::noDemoAgents);
      String lastWarm = lines.get(WARM - 1).split(",")[0];
      Eventually.within(Duration.ofSeconds(20), "the replay over", () -> lastKlineOpenTime(feeder).equals(lastWarm));
      new AgentRepository(feeder.services().mongo()).create(agent(), System.currentTimeMillis()).await();

      Mariposa desk = cluster.start("desk", Map.of("ROLES", "http", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", warm.toString(), "SYMBOLS", "BTCUSDT", "API_TOKENS", "desk-token-5c1e-9a7f0b"), this::noDemoAgents);
      // The replay is over: no market event reaches the desk, only the cache's quotes.
      var answer = Http.send("POST", desk.baseUrl() + "/api/agents/timed/signals", "{\"action\":\"BUY\"}",
          "desk-token-5c1e-9a7f0b");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      JsonObject signal = new JsonObject(answer.body()).getJsonArray("queued").getJsonObject(0);
      long lastClose = Long.parseLong(lines.get(WARM - 1).split(",")[6]);
      assertThat(signal.getLong("createdAt")).as("the replayed time of the ticker read").isEqualTo(lastClose);
      assertThat(signal.getLong("expiresAt")).isGreaterThan(lastClose);
    }
  }

  private static void assertInReplayedDay(List<JsonObject> documents, String field) {
    assertThat(documents).as(field).isNotEmpty()
        .allSatisfy(d -> assertThat(d.getLong(field)).as(field + " of " + d.getValue("_id")).isBetween(DAY_START, DAY_END));
  }

  private static List<JsonObject> find(Mariposa node, String collection) {
    return node.services().mongo().client().find(collection, new JsonObject().put("agentId", "timed")).await();
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

  private static Agent agent() {
    Agent.RiskLimits risk = new Agent.RiskLimits(1, 1_000, 600, 200, 10, 0, 30, 0, 0, 0);
    return new Agent("timed", "Timed", List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)),
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
}
