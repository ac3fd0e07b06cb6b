package dev.mariposa.metrics;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** An agent's round trip on the paper exchange, then its figures, its event and the leaderboard. */
class PerformanceFlowTest {
  private static final String TOKEN = "perf-token-0123456789";

  @TempDir
  Path dir;

  @Test
  void aRoundTripShowsInThePerformanceAndTheLeaderboard() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("p", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic",
          "API_TOKENS", TOKEN), json -> json.getJsonObject("jobs").put("snapshotMs", 1000));
      String api = node.baseUrl() + "/api";
      // The risk gate wants a fresh ticker and book: without them the signal is refused, not filled.
      Eventually.within(Duration.ofSeconds(10), "ready", () -> Http.status(api + "/market/BTCUSDT/orderbook") == 200
          && Http.status(api + "/market/BTCUSDT/ticker") == 200 && Http.status(api + "/agents/cautious-1m") == 200);
      List<JsonObject> events = new CopyOnWriteArrayList<>();
      node.vertx().eventBus().<JsonObject>consumer(Addresses.agentPerformance("cautious-1m"), m -> events.add(m.body()));

      Http.send("POST", api + "/agents/cautious-1m/signals", "{\"action\":\"BUY\"}", TOKEN);
      Eventually.within(Duration.ofSeconds(10), "the buy", () -> orders(api) == 1);
      Http.send("POST", api + "/agents/cautious-1m/signals", "{\"action\":\"SELL\"}", TOKEN);
      Eventually.within(Duration.ofSeconds(10), "the sell", () -> orders(api) == 2);

      // Independently from the fills: realized = sell notional - buy notional - fees.
      BigDecimal realized = BigDecimal.ZERO;
      BigDecimal fees = BigDecimal.ZERO;
      for (JsonObject t : trades(api)) {
        BigDecimal notional = new BigDecimal(t.getString("quantity")).multiply(new BigDecimal(t.getString("price")));
        BigDecimal fee = new BigDecimal(t.getString("fee"));
        realized = realized.add("SELL".equals(t.getString("side")) ? notional : notional.negate()).subtract(fee);
        fees = fees.add(fee);
      }
      BigDecimal expectedRealized = realized.setScale(2, RoundingMode.HALF_EVEN);
      BigDecimal expectedFees = fees.setScale(2, RoundingMode.HALF_EVEN);
      Eventually.within(Duration.ofSeconds(10), "the figures of the round trip", () -> {
        JsonObject p = new JsonObject(Http.get(api + "/agents/cautious-1m/performance").body());
        return p.getInteger("roundTrips", 0) == 1 && new BigDecimal(p.getString("realized")).compareTo(expectedRealized) == 0;
      });
      JsonObject p = new JsonObject(Http.get(api + "/agents/cautious-1m/performance").body());
      assertThat(new BigDecimal(p.getString("fees"))).isEqualByComparingTo(expectedFees);
      assertThat(new BigDecimal(p.getString("unrealized"))).isEqualByComparingTo("0");
      assertThat(new BigDecimal(p.getString("equity"))).isEqualByComparingTo(new BigDecimal("10000").add(expectedRealized));
      assertThat(p.getJsonArray("equityCurve")).hasSize(trades(api).size()); // a point per fill
      assertThat(p.getInteger("fills")).isEqualTo(trades(api).size());
      Eventually.within(Duration.ofSeconds(5), "a perf.agent event", () -> !events.isEmpty());

      JsonArray board = new JsonObject(Http.get(api + "/leaderboard?limit=10").body()).getJsonArray("leaderboard");
      assertThat(board.stream().map(r -> ((JsonObject) r).getString("agentId")))
          .containsExactlyInAnyOrder("cautious-1m", "momentum-1m");
      JsonObject first = board.getJsonObject(0);
      JsonObject second = board.getJsonObject(1);
      // Ordered by return, ties (the idle agent is at 0, as a loss-free round trip cannot be) by id.
      assertThat(first.getDouble("returnPct")).isGreaterThanOrEqualTo(second.getDouble("returnPct"));
      if (first.getDouble("returnPct").equals(second.getDouble("returnPct"))) {
        assertThat(first.getString("agentId")).isLessThan(second.getString("agentId"));
      }
      assertThat(Http.status(api + "/agents/nobody/performance")).isEqualTo(404);
      assertThat(Http.status(api + "/leaderboard?limit=0")).isEqualTo(400);

      // Over a period, from the snapshots.
      JsonObject day = new JsonObject(Http.get(api + "/leaderboard?period=day").body());
      assertThat(day.getString("period")).isEqualTo("day");
      List<Double> dayReturns = day.getJsonArray("leaderboard").stream().map(r -> ((JsonObject) r).getDouble("returnPct")).toList();
      assertThat(dayReturns).hasSize(2).isSortedAccordingTo(java.util.Comparator.reverseOrder());
      assertThat(Http.status(api + "/leaderboard?period=year")).isEqualTo(400);

      // Snapshots: the history behind the charts, in MongoDB.
      Eventually.within(Duration.ofSeconds(10), "a snapshot after the round trip", () -> {
        JsonArray snapshots = new JsonObject(Http.get(api + "/agents/cautious-1m/performance/history").body())
            .getJsonArray("snapshots");
        return !snapshots.isEmpty() && snapshots.getJsonObject(0).getInteger("roundTrips") == 1;
      });

      // Redis stops: the figures and the board come from MongoDB alone, the same to the cent.
      cluster.redis().stop();
      Eventually.within(Duration.ofSeconds(10), "Redis seen down", () -> node.services().redis().state()
          != dev.mariposa.redis.RedisState.UP);
      JsonObject fallback = new JsonObject(Http.get(api + "/agents/cautious-1m/performance").body());
      assertThat(fallback.getString("source")).isEqualTo("mongodb");
      assertThat(new BigDecimal(fallback.getString("realized"))).isEqualByComparingTo(expectedRealized);
      assertThat(fallback.getInteger("roundTrips")).isEqualTo(1);
      JsonObject fallbackBoard = new JsonObject(Http.get(api + "/leaderboard").body());
      assertThat(fallbackBoard.getString("source")).isEqualTo("mongodb");
      assertThat(fallbackBoard.getJsonArray("leaderboard").stream().map(r -> ((JsonObject) r).getString("agentId")))
          .containsExactly(board.stream().map(r -> ((JsonObject) r).getString("agentId")).toArray(String[]::new));
      cluster.redis().start();
    }
  }

  /** Orders filled so far (an order that walks several book levels has several fills). */
  private static long orders(String api) {
    return trades(api).stream().map(t -> t.getString("clOrdId")).distinct().count();
  }

  private static List<JsonObject> trades(String api) {
    return new JsonObject(Http.get(api + "/trades?agentId=cautious-1m").body()).getJsonArray("trades").stream()
        .map(JsonObject.class::cast).toList();
  }
}
