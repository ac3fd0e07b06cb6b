package dev.mariposa.jobs;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler on two instances sharing one Redis and one MongoDB. */
class JobsTest {
  private static final String TOKEN = "jobs-token-0123456789";
  private static final long DAY = Duration.ofDays(1).toMillis();

  @TempDir
  Path dir;

  private TestCluster cluster;
  private Mariposa a;
  private Mariposa b;

  @BeforeEach
  void start() {
    cluster = new TestCluster(dir);
    a = cluster.start("a", Map.of("ROLES", "http", "API_TOKENS", TOKEN), json -> json.getJsonObject("jobs").put("healthMs", 1000));
    b = cluster.start("b", Map.of("ROLES", "session"), json -> json.getJsonObject("jobs").put("healthMs", 1000));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void eachJobRunsOncePerPeriodAndAFailingJobIsRecordedAndRunsAgain() {
    AtomicInteger runs = new AtomicInteger();
    Set<String> slots = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    Job counted = Job.of("counted", Duration.ofMillis(500), () -> {
      runs.incrementAndGet();
      return Future.succeededFuture(new JsonObject());
    });
    Job failing = Job.of("failing", Duration.ofMillis(500), () -> {
      throw new IllegalStateException("broken on purpose");
    });
    // Both instances schedule both jobs: the per-period claim lets one of them run each period.
    for (Mariposa node : List.of(a, b)) {
      node.vertx().deployVerticle(node.verticles().jobs(List.of(counted, failing))).await();
    }
    // Every run's event reaches a's bus once: locally, or from b through the bridge.
    a.vertx().eventBus().<JsonObject>consumer("jobs.counted", m -> {
      if (!slots.add(m.body().getString("slot"))) {
        duplicates.incrementAndGet();
      }
    });
    long started = System.currentTimeMillis();
    Eventually.within(Duration.ofSeconds(10), "six periods", () -> runs.get() >= 6);
    long periods = (System.currentTimeMillis() - started) / 500;
    assertThat(duplicates.get()).as("a period run twice").isZero();
    assertThat((long) runs.get()).isBetween(periods - 2, periods + 1);

    Eventually.within(Duration.ofSeconds(5), "two failed runs recorded", () -> status("failing").getLong("failures", 0L) >= 2);
    JsonObject failed = status("failing");
    assertThat(failed.getJsonObject("lastRun").getString("outcome")).isEqualTo("failed");
    assertThat(failed.getJsonObject("lastRun").getString("error")).isEqualTo("broken on purpose");
    assertThat(failed.getLong("total")).isEqualTo(failed.getLong("failures"));
  }

  @Test
  void cleanupRemovesExactlyWhatIsPastItsRetention() {
    long now = System.currentTimeMillis();
    var mongo = a.services().mongo().client();
    // Signals are kept 7 days, snapshots 30 (the defaults).
    Future.all(List.of(
        mongo.insert("signals", new JsonObject().put("_id", "old-signal").put("createdAt", now - 8 * DAY)),
        mongo.insert("signals", new JsonObject().put("_id", "kept-signal").put("createdAt", now - 6 * DAY)),
        mongo.insert("performance_snapshots", new JsonObject().put("_id", "old-snapshot").put("at", now - 31 * DAY)),
        mongo.insert("performance_snapshots", new JsonObject().put("_id", "kept-snapshot").put("at", now - 29 * DAY)))).await();
    a.services().redis().send(Request.cmd(Command.ZADD).arg(a.services().keys().key("instances"))
        .arg(now - 60_000).arg("gone-instance")).await();

    var redis = a.services().redis();
    var keys = a.services().keys();
    redis.send(Request.cmd(Command.SET).arg(keys.key("analysis:", "stray", "BTCUSDT")).arg("{}")).await(); // no TTL: removed
    redis.send(Request.cmd(Command.SET).arg(keys.key("analysis:", "fine", "BTCUSDT")).arg("{}").arg("PX").arg(60_000)).await();
    redis.send(Request.cmd(Command.SET).arg(keys.key("signal:", "halt")).arg("{}")).await(); // no TTL by design: kept

    JsonObject result = BuiltInJobs.cleanup(a.services(), a.services().config().jobs(), now, now).await();
    assertThat(result.getLong("cacheKeysWithoutTtlRemoved")).isEqualTo(1);
    assertThat(redis.send(Request.cmd(Command.EXISTS).arg(keys.key("analysis:", "stray", "BTCUSDT"))).await().toLong()).isZero();
    assertThat(redis.send(Request.cmd(Command.EXISTS).arg(keys.key("analysis:", "fine", "BTCUSDT"))).await().toLong()).isOne();
    assertThat(redis.send(Request.cmd(Command.EXISTS).arg(keys.key("signal:", "halt"))).await().toLong()).isOne();
    assertThat(result.getLong("signalsRemoved")).isEqualTo(1);
    assertThat(result.getLong("snapshotsRemoved")).isEqualTo(1);
    assertThat(result.getLong("instancesRemoved")).isGreaterThanOrEqualTo(1);
    assertThat(mongo.find("signals", new JsonObject()).await()).extracting(d -> d.getString("_id")).containsExactly("kept-signal");
    assertThat(mongo.find("performance_snapshots", new JsonObject()).await()).extracting(d -> d.getString("_id"))
        .containsExactly("kept-snapshot");
    // The live instances are still listed.
    assertThat(new JsonObject(Http.get(a.baseUrl() + "/api/cluster").body()).getInteger("count")).isEqualTo(2);
  }

  @Test
  void theHealthJobRunsEveryPeriodAndOnRequest() {
    for (Mariposa node : List.of(a, b)) {
      node.vertx().deployVerticle(node.verticles().jobs(List.of())).await();
    }
    Eventually.within(Duration.ofSeconds(5), "a health run", () -> status("health").getLong("total", 0L) >= 1);
    JsonObject health = status("health").getJsonObject("lastRun").getJsonObject("result");
    assertThat(health.getBoolean("redis")).isTrue();
    assertThat(health.getBoolean("mongodb")).isTrue();
    assertThat(health.getInteger("heapUsedPct")).isBetween(0, 100);

    JsonArray jobs = new JsonObject(Http.get(a.baseUrl() + "/api/jobs").body()).getJsonArray("jobs");
    assertThat(jobs.stream().map(j -> ((JsonObject) j).getString("name")))
        .containsExactly("health", "cleanup", "performance-snapshot", "cache-warmup", "order-reconciliation",
            "venue-reconciliation", "redis-memory");
    assertThat(Http.send("POST", a.baseUrl() + "/api/jobs/cleanup/run", null, null).statusCode()).isEqualTo(401);
    assertThat(Http.send("POST", a.baseUrl() + "/api/jobs/nothing/run", null, TOKEN).statusCode()).isEqualTo(404);
    assertThat(Http.send("POST", a.baseUrl() + "/api/jobs/cleanup/run", null, TOKEN).statusCode()).isEqualTo(202);
    Eventually.within(Duration.ofSeconds(5), "the requested cleanup", () -> status("cleanup").getLong("total", 0L) == 1);
    assertThat(status("cleanup").getJsonObject("lastRun").getString("slot")).startsWith("request-");
  }

  @Test
  void theWarmUpLoadsTheTickersAndBarsOfEveryTradedSymbol() {
    Mariposa fed = cluster.start("c", Map.of("ROLES", "feed", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic"));
    Eventually.within(Duration.ofSeconds(10), "the synthetic history and a ticker", () -> {
      JsonObject result = BuiltInJobs.warmup(fed.services()).await();
      return result.getLong("tickers") == 1 && result.getLong("barSeries") == 1;
    });
    assertThat(BuiltInJobs.warmup(fed.services()).await().getInteger("symbols")).isEqualTo(1);
  }

  @Test
  void theReconciliationFinishesAnOrderLeftUnsettled() {
    long old = System.currentTimeMillis() - 120_000;
    var orders = a.services().mongo().client();
    orders.insert("orders", new JsonObject().put("_id", "mleftover0001").put("clOrdId", "mleftover0001")
        .put("signalId", "ghost:BTCUSDT:api:x").put("agentId", "ghost").put("symbol", "BTCUSDT").put("side", "BUY")
        .put("quantity", "0.001").put("exchange", "paper").put("status", "NEW").put("settled", false)
        .put("createdAt", old).put("updatedAt", old)).await();
    JsonObject result = BuiltInJobs.reconciliation(a.vertx(), a.services(), a.verticles().exchanges()).get().await();
    assertThat(result.getInteger("unsettled")).isEqualTo(1);
    JsonObject order = orders.findOne("orders", new JsonObject().put("_id", "mleftover0001"), null).await();
    // Not known at the (paper) exchange, so placed now; without a book it is rejected, and settled.
    assertThat(order.getBoolean("settled")).isTrue();
    assertThat(order.getString("status")).isEqualTo("REJECTED");
    assertThat(order.getString("reason")).contains("no_book");
  }

  private JsonObject status(String name) {
    return a.services().cache().get(JobKeys.status(a.services().keys(), name)).await().orElse(new JsonObject());
  }

}
