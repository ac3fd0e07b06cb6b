package dev.mariposa.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.JarProcess;
import dev.mariposa.testing.TickWatch;
import dev.mariposa.testing.TickWatch.Tick;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes of the real jar contend for the BTCUSDT feed lease. kill -9 the leader: the
 * other takes over within the lease TTL + 1 s with a larger epoch, the stream never shows two
 * leaders interleaved, and the dead instance leaves the registry within its TTL.
 */
class FeedFailoverIT {
  private static final long LEASE_TTL_MS = 2000;
  private static final long INSTANCE_TTL_MS = 2000;

  @TempDir
  Path dir;

  @Test
  void anotherInstanceTakesOverTheFeedWhenTheLeaderDies() throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("feed", new JsonObject().put("leaseTtlMs", LEASE_TTL_MS).put("syntheticTickMs", 50))
        .put("cluster", new JsonObject().put("instanceTtlMs", INSTANCE_TTL_MS))
        .encode());
    Vertx vertx = Vertx.vertx();
    try (EmbeddedRedis redis = EmbeddedRedis.ephemeral(); EmbeddedMongo mongo = EmbeddedMongo.inMemory()) {
      TickWatch ticks = TickWatch.start(vertx, redis.url(), "BTCUSDT");

      Map<String, JarProcess> processes = new HashMap<>();
      Map<String, Integer> ports = new HashMap<>();
      try {
        for (String id : List.of("feed-1", "feed-2")) {
          int port = FreePort.find();
          ports.put(id, port);
          processes.put(id, JarProcess.start(dir.resolve(id), Map.of(
              "INSTANCE_ID", id, "HTTP_PORT", Integer.toString(port), "ROLES", "feed,http",
              "REDIS_URL", redis.url(), "MONGO_URL", mongo.connectionString(),
              "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic",
              "VERTX_CONFIG_PATH", config.toString())));
        }
        Eventually.within(Duration.ofSeconds(30), "both instances registered",
            () -> clusterIds(ports.get("feed-1")).containsAll(List.of("feed-1", "feed-2")));
        Eventually.within(Duration.ofSeconds(10), "ticks flow", () -> ticks.size() > 20);

        Tick before = ticks.last();
        String leader = before.origin();
        String follower = leader.equals("feed-1") ? "feed-2" : "feed-1";
        assertThat(ticks.snapshot().stream().map(Tick::origin).distinct()).as("one leader at a time").containsExactly(leader);

        long killedAt = System.currentTimeMillis();
        processes.get(leader).kill();
        Eventually.within(Duration.ofMillis(LEASE_TTL_MS + 5000), "the follower feeds",
            () -> ticks.last().origin().equals(follower));
        Tick first = ticks.snapshot().stream().filter(t -> t.origin().equals(follower)).findFirst().orElseThrow();
        long takeover = first.arrivedAt() - killedAt;
        System.out.printf("feed takeover after kill -9: %d ms (lease TTL %d ms)%n", takeover, LEASE_TTL_MS);
        assertThat(takeover).as("takeover within the lease TTL + 1 s").isLessThanOrEqualTo(LEASE_TTL_MS + 1000);
        assertThat(first.epoch()).as("the new leader's epoch is larger").isGreaterThan(before.epoch());

        List<Tick> all = ticks.snapshot();
        int switchAt = all.indexOf(first);
        assertThat(all.subList(switchAt, all.size())).as("no tick of the old leader after the new one started")
            .allMatch(t -> t.origin().equals(follower) && t.epoch() == first.epoch());

        Eventually.within(Duration.ofMillis(INSTANCE_TTL_MS + 3000), "the dead instance leaves the registry",
            () -> !clusterIds(ports.get(follower)).contains(leader));
        assertThat(System.currentTimeMillis() - killedAt).as("gone within the instance TTL (+ polling)")
            .isLessThanOrEqualTo(INSTANCE_TTL_MS + 1500);
      } finally {
        for (JarProcess p : processes.values()) {
          p.close();
        }
        ticks.close();
      }
    } finally {
      vertx.close().await();
    }
  }

  private static List<String> clusterIds(int port) {
    try {
      var response = Http.get("http://127.0.0.1:" + port + "/api/cluster");
      if (response.statusCode() != 200) {
        return List.of();
      }
      return new JsonObject(response.body()).getJsonArray("instances").stream()
          .map(i -> ((JsonObject) i).getString("id")).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
