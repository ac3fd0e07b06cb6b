package dev.mariposa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.store.InstanceEventRepository;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no REDIS_URL and no MONGO_URL Mariposa runs its own stores with their files in DATA_DIR:
 * what was written before a restart is read back after it.
 */
class EmbeddedModeTest {
  @TempDir
  Path dataDir;

  @Test
  void documentsAndKeysSurviveARestart() {
    var config = TestConfigs.config(dataDir, Map.of("INSTANCE_ID", "embedded-test"));
    assertThat(config.redis().embedded()).isTrue();
    assertThat(config.mongo().embedded()).isTrue();

    Mariposa first = Mariposa.start(config);
    String documentId;
    String key = first.services().keys().key("cache:", "restart-probe");
    try {
      assertThat(Http.status(first.baseUrl() + "/health")).isEqualTo(200);
      // The repositories the verticles make declare their indexes after the startup's creation.
      Eventually.within(java.time.Duration.ofSeconds(10), "the guard indexes of the trade role's writes", () ->
          indexes(first, "orders").contains("_id_1_settled_1")
              && indexes(first, "accounts").contains("_id_1_version_1_trades_1_cash_1"));
      documentId = new InstanceEventRepository(first.services().mongo())
          .record("embedded-test", "probe", new JsonObject().put("written", "before restart")).await();
      first.services().redis().send(Request.cmd(Command.SET).arg(key).arg("kept in the append-only file")).await();
      // Events are ordered by their millisecond: the stop must not share the probe's.
      long probed = new InstanceEventRepository(first.services().mongo()).get(documentId).await().orElseThrow().getLong("at");
      Eventually.within(java.time.Duration.ofSeconds(1), "a millisecond after the probe",
          () -> System.currentTimeMillis() > probed);
    } finally {
      first.stop();
    }
    assertThat(dataDir.resolve("mongo/mongo.mv")).exists();
    assertThat(dataDir.resolve("redis")).isDirectoryContaining(p -> Files.isDirectory(p) || p.toString().contains("appendonly"));

    Mariposa second = Mariposa.start(config);
    try {
      InstanceEventRepository events = new InstanceEventRepository(second.services().mongo());
      JsonObject probe = events.get(documentId).await().orElseThrow();
      assertThat(probe.getJsonObject("details").getString("written")).isEqualTo("before restart");
      Response value = second.services().redis().send(Request.cmd(Command.GET).arg(key)).await();
      assertThat(value).isNotNull();
      assertThat(value.toString()).isEqualTo("kept in the append-only file");

      // Newest first: this start, the first run's stop, the probe, the first run's start. The
      // start is recorded while the roles start, so it may land a moment after start() returns.
      Eventually.within(java.time.Duration.ofSeconds(5), "this start recorded", () ->
          events.recent("embedded-test", 10).await().size() == 4);
      List<String> history = events.recent("embedded-test", 10).await().stream()
          .map(e -> e.getString("type")).toList();
      assertThat(history).containsExactly("started", "stopped", "probe", "started");
    } finally {
      second.stop();
    }
  }

  private static List<String> indexes(Mariposa node, String collection) {
    return node.services().mongo().client().listIndexes(collection).await().stream()
        .map(index -> ((JsonObject) index).getString("name")).toList();
  }
}
