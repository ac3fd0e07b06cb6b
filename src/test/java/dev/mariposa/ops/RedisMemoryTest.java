package dev.mariposa.ops;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis's memory in figures: the redis-memory job samples INFO memory and counts keys per
 * namespace, /api/system and /metrics show them, and past jobs.redisMemoryAlertPct of maxmemory
 * an alert goes out on jobs.memory.
 */
class RedisMemoryTest {
  @TempDir
  Path dir;

  @Test
  void memoryAndKeysAreReportedAndAnAlertGoesOutPastTheThreshold() throws Exception {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("node", Map.of("ROLES", "jobs,http"), json -> json.getJsonObject("jobs")
          .put("redisMemoryMs", 300).put("redisMemoryAlertPct", 50));
      List<JsonObject> alerts = new CopyOnWriteArrayList<>();
      node.vertx().eventBus().<JsonObject>consumer("jobs.memory", m -> alerts.add(m.body()));
      var redis = node.services().redis();
      redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("0")).await();

      Eventually.within(Duration.ofSeconds(10), "keys counted", () -> {
        JsonObject memory = system(node);
        return memory.getJsonObject("keys") != null && memory.getJsonObject("keys").getLong("job", 0L) >= 1;
      });
      JsonObject memory = system(node);
      assertThat(memory.getLong("usedMemoryBytes")).isPositive();
      assertThat(memory.getLong("maxmemoryBytes")).isZero();
      assertThat(memory.getValue("usedPct")).isNull();
      JsonObject keys = memory.getJsonObject("keys");
      assertThat(keys.getLong("instance")).as("the registry's keys").isPositive();
      assertThat(keys.getLong("total")).isEqualTo(keys.fieldNames().stream().filter(k -> !k.equals("total"))
          .mapToLong(keys::getLong).sum());
      assertThat(alerts).as("no maxmemory, no alert").isEmpty();
      String metrics = Http.get(node.baseUrl() + "/metrics").body();
      assertThat(metrics).contains("mariposa_redis_memory_used_bytes").contains("mariposa_redis_keys{");

      // maxmemory at 1.5 × what is used: about 67 % used, past the 50 % threshold.
      long used = memory.getLong("usedMemoryBytes");
      redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg(Long.toString(used * 3 / 2))).await();
      Eventually.within(Duration.ofSeconds(10), "a Redis memory alert", () -> !alerts.isEmpty());
      JsonObject alert = alerts.get(0);
      assertThat(alert.getString("component")).isEqualTo("redis");
      assertThat(alert.getBoolean("alert")).isTrue();
      assertThat(alert.getDouble("usedPct")).isBetween(50.0, 100.0);
      assertThat(alert.getInteger("thresholdPct")).isEqualTo(50);
      assertThat(system(node).getDouble("usedPct")).isBetween(40.0, 100.0);
      redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("0")).await();
    }
  }

  private static JsonObject system(Mariposa node) {
    var answer = Http.get(node.baseUrl() + "/api/system");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body()).getJsonObject("redis");
  }
}
