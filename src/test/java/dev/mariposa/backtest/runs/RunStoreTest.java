package dev.mariposa.backtest.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.InMemoryMongo;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs in MongoDB: claimed once, oldest first; a dead instance's run failed; reports in parts. */
class RunStoreTest {
  @TempDir
  Path dir;
  private InMemoryMongo mongo;
  private RunStore runs;

  @BeforeEach
  void open() {
    mongo = InMemoryMongo.open(dir, null);
    runs = new RunStore(mongo.store());
  }

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void twoInstancesClaimTwoDifferentRunsOldestFirstAndNothingMore() {
    runs.create(queued("b", 2)).await();
    runs.create(queued("a", 1)).await();
    JsonObject first = runs.claim("node-1", 10).await().orElseThrow();
    JsonObject second = runs.claim("node-2", 11).await().orElseThrow();
    assertThat(first.getString("_id")).isEqualTo("a");
    assertThat(first.getString("status")).isEqualTo("running");
    assertThat(first.getString("instance")).isEqualTo("node-1");
    assertThat(second.getString("_id")).isEqualTo("b");
    assertThat(runs.claim("node-3", 12).await()).isEmpty();
    assertThat(runs.cancelQueued("a", 13).await()).as("running, not queued").isEmpty();
  }

  @Test
  void aRunWhoseInstanceStoppedBeatingIsFailedAndALiveOneIsNot() {
    runs.create(queued("dead", 1)).await();
    runs.create(queued("alive", 2)).await();
    runs.claim("gone", 1_000).await();
    runs.claim("here", 1_000).await();
    runs.heartbeat("alive", new JsonObject().put("done", 5), 40_000).await();
    assertThat(runs.failStale(40_000 - 30_000, 40_000).await()).isEqualTo(1);
    JsonObject dead = runs.get("dead").await().orElseThrow();
    assertThat(dead.getString("status")).isEqualTo("failed");
    assertThat(dead.getString("error")).contains("stopped");
    assertThat(runs.get("alive").await().orElseThrow().getString("status")).isEqualTo("running");
    assertThat(runs.finish("dead", "done", new JsonObject(), 41_000, true).await()).as("ended already").isFalse();
  }

  @Test
  void aCancelAskedWhileRunningWinsOverItsEnd() {
    runs.create(queued("r", 1)).await();
    runs.claim("node", 2).await();
    assertThat(runs.requestCancel("r").await()).isTrue();
    assertThat(runs.heartbeat("r", new JsonObject(), 3).await()).as("the heartbeat reads the cancel").isTrue();
    assertThat(runs.finish("r", "done", new JsonObject(), 4, true).await()).isFalse();
    assertThat(runs.finish("r", "cancelled", new JsonObject(), 4, false).await()).isTrue();
    assertThat(runs.get("r").await().orElseThrow().getString("status")).isEqualTo("cancelled");
  }

  @Test
  void aReportLongerThanOnePartReadsBackWhole() {
    RunStore small = new RunStore(mongo.store(), 10);
    String text = "{\"x\":\"" + "é".repeat(25) + "\"}";
    small.saveReport("big", text).await();
    assertThat(mongo.store().client().count(RunStore.REPORTS, new JsonObject().put("runId", "big")).await()).isEqualTo(4);
    assertThat(small.report("big").await()).hasValue(text);
    assertThat(small.report("none").await()).isEmpty();
  }

  private static JsonObject queued(String id, long createdAt) {
    return new JsonObject().put("_id", id).put("kind", "backtest").put("status", "queued").put("createdAt", createdAt)
        .put("request", new JsonObject()).put("progress", new JsonObject());
  }
}
