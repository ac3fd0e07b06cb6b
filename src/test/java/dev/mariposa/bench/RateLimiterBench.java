package dev.mariposa.bench;

import static dev.mariposa.bench.BenchSupport.median;

import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.redis.LeasedRateLimiter;
import dev.mariposa.redis.LuaScript;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RateLimiter.Limit;
import dev.mariposa.redis.RedisConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Load driver, not a test: rate-limit decisions per second and their latency, through
 * {@link RateLimiter} (one GCRA script call per decision) and {@link LeasedRateLimiter} (the API's
 * way: leases of 30, as the market group's policy), beside the floor: a raw EVALSHA of the same
 * script on the same connection layer. {@code chains} decision chains in flight, half on each of
 * the two event loops, over {@code keys} identities; the limit never refuses, so every decision
 * costs what an allowed request costs.
 *
 * <p>Usage: {@code RateLimiterBench [seconds] [repetitions] [chains] [keys]}; prints Markdown.
 */
public final class RateLimiterBench {
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int chains = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int keys = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    try (EmbeddedRedis server = EmbeddedRedis.ephemeral()) {
      Vertx vertx = Vertx.vertx();
      MariposaConfig.Redis config = ConfigLoader.from(ConfigLoader.defaults(), Map.of("REDIS_URL", server.url())).redis();
      RedisConnections redis = RedisConnections.create(vertx, config, List.of(server.url()), new SimpleMeterRegistry());
      redis.start().await(10, TimeUnit.SECONDS);
      LuaScripts scripts = new LuaScripts();
      RateLimiter limiter = new RateLimiter(redis, scripts);
      LuaScript gcra = scripts.get("gcra");
      List<Context> loops = List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext());
      List<LeasedRateLimiter> leased = List.of(new LeasedRateLimiter(limiter, Duration.ofSeconds(1)),
          new LeasedRateLimiter(limiter, Duration.ofSeconds(1)));
      List<Limit> limits = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        limits.add(new Limit("bench:ratelimit:" + k, 10_000_000, Duration.ofMinutes(1), 1_000_000));
      }
      Limit probe = limits.get(0);
      String interval = Long.toString(TimeUnit.MINUTES.toMicros(1) / probe.rate());
      Map<String, Function<Integer, Future<?>>> paths = new LinkedHashMap<>();
      paths.put("floor: raw EVALSHA of the gcra script", i -> gcra.run(redis, List.of(limits.get(i % keys).key()),
          List.of(interval, Integer.toString(probe.burst()), "1")));
      paths.put("RateLimiter.acquire (one call per decision)", i -> limiter.acquire(limits.get(i % keys)));
      paths.put("LeasedRateLimiter.acquire, leases of 30", i -> leased.get(i % 2).acquire(limits.get(i % keys), 30));
      Map<String, List<double[]>> results = new LinkedHashMap<>();
      System.out.printf("| run | path | decisions/s | p50 µs | p99 µs | p99.9 µs |%n|---|---|---:|---:|---:|---:|%n");
      for (int r = 0; r <= repetitions; r++) {
        for (var path : paths.entrySet()) {
          double[] m = run(loops, chains, seconds, path.getValue());
          if (r > 0) { // run 0 warms up
            results.computeIfAbsent(path.getKey(), k -> new ArrayList<>()).add(m);
            System.out.printf("| %d | %s | %,.0f | %.0f | %.0f | %.0f |%n", r, path.getKey(), m[0], m[1], m[2], m[3]);
          }
        }
      }
      System.out.printf("%n| path | decisions/s | p50 µs | p99 µs | p99.9 µs | p99 added to the floor |%n|---|---:|---:|---:|---:|---:|%n");
      double floorP99 = median(results.values().iterator().next().stream().mapToDouble(x -> x[2]).toArray());
      results.forEach((path, runs) -> {
        double[] m = new double[4];
        for (int i = 0; i < 4; i++) {
          int k = i;
          m[i] = median(runs.stream().mapToDouble(x -> x[k]).toArray());
        }
        System.out.printf("| %s | %,.0f | %.0f | %.0f | %.0f | %+.0f µs |%n", path, m[0], m[1], m[2], m[3], m[2] - floorP99);
      });
      redis.close().await();
      vertx.close().await();
    }
  }

  /** {@code chains} chains, each issuing its next decision when the previous one completes. */
  private static double[] run(List<Context> loops, int chains, int seconds, Function<Integer, Future<?>> decide) {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long[] count = new long[1];
    List<Future<Void>> done = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < chains; c++) {
      Promise<Void> finished = Promise.promise();
      done.add(finished.future());
      int chain = c;
      loops.get(c % loops.size()).runOnContext(v -> next(chain, decide, histogram, end, count, finished));
    }
    Future.all(done).await();
    double elapsed = (System.nanoTime() - t0) / 1e9;
    synchronized (histogram) {
      return new double[] {count[0] / elapsed, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
          histogram.getValueAtPercentile(99.9)};
    }
  }

  private static void next(int chain, Function<Integer, Future<?>> decide, Histogram histogram, long end, long[] count,
                           Promise<Void> finished) {
    long start = System.nanoTime();
    if (start >= end) {
      finished.complete();
      return;
    }
    decide.apply(chain).onComplete(r -> {
      synchronized (histogram) {
        histogram.recordValue((System.nanoTime() - start) / 1000);
        count[0]++;
      }
      next(chain, decide, histogram, end, count, finished);
    });
  }
}
