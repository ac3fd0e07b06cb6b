package dev.mariposa.bench;

import static dev.mariposa.bench.BenchSupport.median;
import static dev.mariposa.bench.BenchSupport.pace;

import dev.mariposa.Mariposa;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.ResponseType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Cross-instance event latency: instance A publishes on its event bus at a fixed rate, a consumer
 * on instance B records (receive - publish) in an HdrHistogram. Beside it, in the same run and on
 * the same redis-server, the raw floor: PUBLISH on one connection, SUBSCRIBE on another.
 * A and B are two Mariposa instances in one JVM (own Vert.x, own event bus, joined only through
 * Redis), so both ends read the same monotonic clock.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.CrossInstanceLatencyBench
 * [seconds per run] [repetitions] [rates...]}; prints every run and the medians as Markdown.
 */
public final class CrossInstanceLatencyBench {
  private static final String ADDRESS = "signal.bench";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int[] rates = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {1_000, 5_000, 20_000};
    Path dir = Files.createTempDirectory("mariposa-bench");
    try (EmbeddedRedis redis = EmbeddedRedis.ephemeral(); EmbeddedMongo mongo = EmbeddedMongo.inMemory()) {
      Mariposa a = start(dir, "bench-a", redis, mongo);
      Mariposa b = start(dir, "bench-b", redis, mongo);
      Vertx raw = Vertx.vertx();
      try {
        Map<Integer, List<double[]>> results = new TreeMap<>();
        System.out.println("| run | rate (events/s) | path | events | p50 µs | p99 µs | p99.9 µs | max µs | p50 ÷ raw p50 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int r = 1; r <= repetitions; r++) {
          for (int rate : rates) {
            Histogram floor = measureRaw(raw, redis.url(), rate, seconds);
            Histogram bridged = measureBridge(a, b, rate, seconds);
            row(r, rate, "raw PUBLISH→SUBSCRIBE", floor, floor);
            row(r, rate, "Mariposa bus A → Redis → bus B", bridged, floor);
            results.computeIfAbsent(rate, k -> new ArrayList<>()).add(new double[] {
                floor.getValueAtPercentile(50), floor.getValueAtPercentile(99), floor.getValueAtPercentile(99.9),
                bridged.getValueAtPercentile(50), bridged.getValueAtPercentile(99), bridged.getValueAtPercentile(99.9)});
          }
        }
        System.out.println();
        System.out.println("| rate (events/s) | raw p50 µs | raw p99 µs | raw p99.9 µs | bus p50 µs | bus p99 µs | bus p99.9 µs | p50 ratio | target p50 ≤ 3× raw | target p99 ≤ 5 ms (at 5k/s) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        results.forEach((rate, runs) -> {
          double[] m = new double[6];
          for (int i = 0; i < 6; i++) {
            int k = i;
            m[i] = median(runs.stream().mapToDouble(x -> x[k]).toArray());
          }
          double ratio = median(runs.stream().mapToDouble(x -> x[3] / Math.max(1, x[0])).toArray());
          System.out.printf("| %,d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f× | %s | %s |%n", rate, m[0], m[1], m[2],
              m[3], m[4], m[5], ratio, ratio <= 3 ? "met" : "missed",
              rate == 5_000 ? (m[4] <= 5000 ? "met" : "missed") : "–");
        });
      } finally {
        raw.close().await();
        b.stop();
        a.stop();
      }
    }
  }

  private static Mariposa start(Path dir, String id, EmbeddedRedis redis, EmbeddedMongo mongo) {
    return Mariposa.start(TestConfigs.config(dir.resolve(id), Map.of("INSTANCE_ID", id, "ROLES", "session",
        "REDIS_URL", redis.url(), "MONGO_URL", mongo.connectionString())));
  }

  /** Mariposa: publish on A's bus, consume on B's bus. */
  private static Histogram measureBridge(Mariposa a, Mariposa b, int rate, int seconds) throws Exception {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    var consumer = b.vertx().eventBus().<JsonObject>consumer(ADDRESS, m -> record(histogram,
        m.body().getLong("t"), m.body().getBoolean("m")));
    consumer.completion().await();
    pace(a.vertx(), rate, 3, () -> a.vertx().eventBus().publish(ADDRESS, new JsonObject().put("t", System.nanoTime()).put("m", false)));
    pace(a.vertx(), rate, seconds, () -> a.vertx().eventBus().publish(ADDRESS, new JsonObject().put("t", System.nanoTime()).put("m", true)));
    awaitAll(histogram, (long) rate * seconds);
    consumer.unregister().await();
    return histogram;
  }

  /** The floor: the same payload size, one PUBLISH per event, a dedicated SUBSCRIBE connection. */
  private static Histogram measureRaw(Vertx vertx, String url, int rate, int seconds) throws Exception {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    Redis subscriberClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    RedisConnection subscriber = subscriberClient.connect().await();
    subscriber.handler(push -> {
      if ((push.type() == ResponseType.PUSH || push.type() == ResponseType.MULTI) && "message".equals(push.get(0).toString())) {
        JsonObject body = new JsonObject(push.get(2).toBuffer()).getJsonObject("b");
        record(histogram, body.getLong("t"), body.getBoolean("m"));
      }
    });
    subscriber.send(Request.cmd(Command.SUBSCRIBE).arg("raw:bench")).await();
    Thread.sleep(200);
    Redis publisher = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(1));
    pace(vertx, rate, 3, () -> publishRaw(publisher, false));
    pace(vertx, rate, seconds, () -> publishRaw(publisher, true));
    awaitAll(histogram, (long) rate * seconds);
    subscriber.close().await();
    subscriberClient.close().await();
    publisher.close().await();
    return histogram;
  }

  /** The same envelope the bridge sends, so both paths carry the same bytes. */
  private static void publishRaw(Redis publisher, boolean measured) {
    publisher.send(Request.cmd(Command.PUBLISH).arg("raw:bench").arg(Buffer.buffer(
        "{\"r\":\"0123456789abcdef0123456789abcdef\",\"o\":\"bench-a\",\"s\":1,\"a\":\"signal.bench\",\"h\":{},\"t\":\"o\",\"b\":{\"t\":"
            + System.nanoTime() + ",\"m\":" + measured + "}}")));
  }

  private static void record(Histogram histogram, long sentAtNanos, boolean measured) {
    if (measured) {
      synchronized (histogram) {
        histogram.recordValue(Math.max(0, (System.nanoTime() - sentAtNanos) / 1000));
      }
    }
  }

  /** Waits until every measured event arrived (at most 10 s; a shortfall shows in the events column). */
  private static void awaitAll(Histogram histogram, long expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      synchronized (histogram) {
        if (histogram.getTotalCount() >= expected) {
          return;
        }
      }
      Thread.sleep(10);
    }
  }

  private static void row(int run, int rate, String path, Histogram h, Histogram floor) {
    double ratio = (double) h.getValueAtPercentile(50) / Math.max(1, floor.getValueAtPercentile(50));
    System.out.printf("| %d | %,d | %s | %,d | %d | %d | %d | %d | %.2f |%n", run, rate, path, h.getTotalCount(),
        h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), ratio);
  }
}
