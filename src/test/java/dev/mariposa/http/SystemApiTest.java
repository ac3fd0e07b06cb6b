package dev.mariposa.http;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/system sums what every live instance reports. */
class SystemApiTest {
  @TempDir
  Path dir;

  @Test
  void theClusterFiguresAreTheSumOfTheInstances() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa a = cluster.start("a", Map.of("ROLES", "http,feed", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic"));
      cluster.start("b", Map.of("ROLES", "session"));
      String url = a.baseUrl() + "/api/system";
      Eventually.within(Duration.ofSeconds(10), "both instances reported", () ->
          new JsonObject(Http.get(url).body()).getInteger("instances") == 2);
      // The market API fills the in-process and Redis layers of the cache.
      Eventually.within(Duration.ofSeconds(10), "a ticker", () -> Http.status(a.baseUrl() + "/api/market/BTCUSDT/ticker") == 200);
      for (int i = 0; i < 20; i++) {
        Http.get(a.baseUrl() + "/api/market/BTCUSDT/ticker");
      }
      Eventually.within(Duration.ofSeconds(12), "cache figures", () -> new JsonObject(Http.get(url).body())
          .getJsonObject("cache").getJsonObject("process", new JsonObject()).getDouble("hit", 0.0) > 0);
      JsonObject system = new JsonObject(Http.get(url).body());
      assertThat(system.getJsonArray("byInstance").stream().map(i -> ((JsonObject) i).getString("instance")))
          .containsExactlyInAnyOrder("a", "b");
      double heap = system.getJsonArray("byInstance").stream().mapToDouble(i -> ((JsonObject) i).getLong("heapUsedMb")).sum();
      assertThat(system.getLong("heapUsedMb")).isEqualTo((long) heap);
      assertThat(system.getJsonObject("cache").getJsonObject("process").getDouble("hitRatio")).isBetween(0.0, 1.0);
      assertThat(system.getJsonObject("queues").fieldNames())
          .contains("signalsPending", "signalsProcessing", "tradesPending", "tradesDeadLettered");
      assertThat(system.getJsonObject("ratesPerSecond").fieldNames()).contains("bridgedOut", "bridgedIn");
    }
  }
}
