package dev.mariposa.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The floor beside a signal rate, in the same process and against the same servers: at that rate,
 * one EVALSHA of a small script on a raw connection (no pool, no metrics) and then one MongoDB
 * insert, the least a signal's way to a fill asks of each; the latency is the pair's.
 */
final class RawFloor {
  /** A lease-sized script: one write and its expiry. */
  private static final String SCRIPT = "redis.call('SET', KEYS[1], ARGV[1], 'PX', 1000) return 1";

  private final Vertx vertx;
  private final RedisConnection redis;
  private final MongoClient mongo;
  private final String sha;

  RawFloor(Vertx vertx, RedisConnection redis, MongoClient mongo) {
    this.vertx = vertx;
    this.redis = redis;
    this.mongo = mongo;
    this.sha = redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)).await().toString();
  }

  /** {@code failed}: an error answered (none expected); the rest of issued − completed had no answer in time. */
  record Result(long issued, long completed, long failed, Histogram latency) {}

  Result run(int rate, int seconds, String prefix) throws Exception {
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    AtomicLong issued = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    BenchSupport.pace(vertx, rate, seconds, () -> {
      long n = issued.getAndIncrement();
      long start = System.nanoTime();
      redis.send(Request.cmd(Command.EVALSHA).arg(sha).arg(1).arg("floor:" + (n % 200)).arg(n))
          .compose(r -> mongo.insert("floor", new JsonObject().put("_id", prefix + n).put("at", start)))
          .onSuccess(id -> {
            synchronized (latency) {
              latency.recordValue(Math.max(0, System.nanoTime() - start));
            }
            completed.incrementAndGet();
          })
          .onFailure(t -> failed.incrementAndGet());
    });
    long deadline = System.currentTimeMillis() + 10_000;
    while (completed.get() + failed.get() < issued.get() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    synchronized (latency) {
      return new Result(issued.get(), completed.get(), failed.get(), latency.copy());
    }
  }
}
