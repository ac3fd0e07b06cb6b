package dev.mariposa.bench;

import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.redis.RedisConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Load driver, not a test: GET round trips through {@link RedisConnections#send}, measured beside
 * {@code redis-benchmark} against the same private redis-server in the same run.
 *
 * <p>Each repetition measures, in this order: (a) one chain of sequential GETs (the next command is
 * sent from the completion of the previous one, on a Vert.x event loop); (b) {@code chains} such
 * chains in flight at once, spread over the event loops the way verticles are; then
 * {@code redis-benchmark -t get -c 1} and {@code -c <chains>} on the same port. Results are printed as
 * Markdown: every repetition, then the medians and the median of the per-repetition ratios.
 *
 * <pre>
 * java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.RedisRoundTripBench [R]
 *     [--n 100000] [--chains 50] [--warmup 30000] [--diag] [--out FILE]
 * </pre>
 *
 * {@code --diag} adds rows that isolate the layers under {@code RedisConnections}: the bare pooled
 * vertx-redis-client ({@code Redis.send}) and one dedicated connection ({@code RedisConnection.send}),
 * sequential; then, with the same number of chains, the layer on one event loop, the bare pool over
 * all event loops and on one, a layer whose pool is as wide as the chains, one connection pipelining
 * every chain, and {@code redis-benchmark -c <poolSize>}. Each row also reports the JVM's CPU time
 * per GET.
 */
public final class RedisRoundTripBench {
  private static final String KEY = "key:__rand_int__"; // the key redis-benchmark -t get reads
  private static final String VALUE = "xxx";             // redis-benchmark's default 3-byte value

  private final List<Context> contexts;

  private RedisRoundTripBench(List<Context> contexts) {
    this.contexts = contexts;
  }

  public static void main(String[] args) throws Exception {
    if (System.getenv("MARIPOSA_LOG_LEVEL") == null) {
      System.setProperty("MARIPOSA_LOG_LEVEL", "WARN"); // keep stdout for the results
    }
    int repeats = 3;
    int n = 100_000;
    int chainsArg = 50;
    int warmup = 30_000;
    boolean diag = false;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--chains" -> chainsArg = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--diag" -> diag = true;
        case "--out" -> out = Path.of(args[++i]);
        default -> repeats = Integer.parseInt(args[i]);
      }
    }
    int chains = chainsArg;
    if (warmup < 20_000) {
      throw new IllegalArgumentException("--warmup must be at least 20000");
    }

    EmbeddedRedis server = EmbeddedRedis.ephemeral();
    Vertx vertx = Vertx.vertx();
    String url = server.url();
    // The shipped defaults (conf/config.json: command pool, 1 s watchdog), as java -jar runs them.
    MariposaConfig.Redis config = ConfigLoader.from(ConfigLoader.defaults(), Map.of("REDIS_URL", url)).redis();
    RedisConnections redis = RedisConnections.create(vertx, config, List.of(url), new SimpleMeterRegistry());
    StringBuilder md = new StringBuilder();
    try {
      redis.start().await(10, TimeUnit.SECONDS);
      redis.send(Request.cmd(Command.SET).arg(KEY).arg(VALUE)).await(5, TimeUnit.SECONDS);

      int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
      List<Context> eventLoops = contextsOnEventLoops(vertx, loops);
      RedisRoundTripBench bench = new RedisRoundTripBench(eventLoops);
      String benchmark = findOnPath("redis-benchmark");
      int port = server.port();

      // key -> what it measures; the first two are the figures, the rest (--diag) isolate layers.
      Map<String, Measure> variants = new LinkedHashMap<>();
      variants.put("seq", count -> bench.run(redis::send, 1, count));
      variants.put("conc", count -> bench.run(redis::send, chains, count));
      RedisConnections wide = null;
      if (diag) {
        Redis bareClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(8)
            .setMaxPoolWaiting(256).setMaxWaitingHandlers(2048));
        // Opened from the chain's own event loop, so replies need no thread hop.
        RedisConnection dedicated = onContext(eventLoops.get(0), bareClient::connect).await(5, TimeUnit.SECONDS);
        JsonObject json = ConfigLoader.defaults();
        json.getJsonObject("redis").put("poolSize", chains);
        wide = RedisConnections.create(vertx, ConfigLoader.from(json, Map.of("REDIS_URL", url)).redis(),
            List.of(url), new SimpleMeterRegistry());
        wide.start().await(10, TimeUnit.SECONDS);
        RedisConnections wideLayer = wide;
        variants.put("bare", count -> bench.run(bareClient::send, 1, count));
        variants.put("dedicated", count -> bench.run(dedicated::send, 1, count, List.of(eventLoops.get(0))));
        variants.put("conc1", count -> bench.run(redis::send, chains, count, List.of(eventLoops.get(0))));
        variants.put("concBare", count -> bench.run(bareClient::send, chains, count));
        variants.put("concWide", count -> bench.run(wideLayer::send, chains, count));
        // A second bare pool used only from event loop 0: its connections live on that loop too.
        Redis localClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(8)
            .setMaxPoolWaiting(256).setMaxWaitingHandlers(2048));
        variants.put("concBareLocal", count -> bench.run(localClient::send, chains, count, List.of(eventLoops.get(0))));
        variants.put("concDedicated", count -> bench.run(dedicated::send, chains, count, List.of(eventLoops.get(0))));
      }

      log("redis-server on port %d; %d repetition(s) of N=%d; %d chains over %d event loops", port, repeats, n,
          chains, loops);
      log("warm-up: %d GETs per variant", warmup);
      for (Measure measure : variants.values()) {
        measure.run(warmup);
      }

      List<Map<String, Double>> runs = new ArrayList<>();
      for (int r = 1; r <= repeats; r++) {
        Map<String, Double> m = new HashMap<>();
        for (Map.Entry<String, Measure> v : variants.entrySet()) {
          put(m, v.getKey(), v.getValue().run(n));
        }
        if (benchmark != null) {
          putBench(m, "rb1", redisBenchmark(benchmark, port, n, 1));
          putBench(m, "rbc", redisBenchmark(benchmark, port, n, chains));
          if (diag) {
            putBench(m, "rb8", redisBenchmark(benchmark, port, n, config.poolSize()));
          }
        }
        StringBuilder line = new StringBuilder("run " + r + ":");
        m.keySet().stream().filter(k -> k.endsWith(".ops")).map(k -> k.substring(0, k.length() - 4)).sorted()
            .forEach(k -> line.append("\n  ").append(k).append(' ').append(summary(m, k)));
        log("%s", line);
        runs.add(m);
      }
      report(md, runs, n, chains, loops, config.poolSize(), benchmark != null, diag);
      if (wide != null) {
        wide.close().await(5, TimeUnit.SECONDS);
      }
    } finally {
      redis.close().await(5, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
      server.stop();
    }
    System.out.print(md);
    System.out.flush();
    if (out != null) {
      Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }
    System.exit(0);
  }

  @FunctionalInterface
  private interface Measure {
    Result run(int count) throws InterruptedException;
  }

  private static <T> Future<T> onContext(Context context, Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  /** One context per event loop, as deployed verticles get them. */
  private static List<Context> contextsOnEventLoops(Vertx vertx, int count) {
    List<Context> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      AtomicReference<Context> ctx = new AtomicReference<>();
      vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start() {
          ctx.set(context);
        }
      }).await();
      list.add(ctx.get());
    }
    return list;
  }

  /**
   * Latencies in nanoseconds; ops/s over the whole run (first send to last reply); CPU time of the
   * whole JVM (all threads) per operation, in microseconds.
   */
  record Result(Histogram latency, double opsPerSecond, double cpuMicrosPerOp) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.0f ops/s p50 %.1f us p99 %.1f us p99.9 %.1f us, JVM CPU %.1f us/op",
          opsPerSecond, us(latency, 50), us(latency, 99), us(latency, 99.9), cpuMicrosPerOp);
    }
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * {@code chains} chains of GETs, {@code total} in all. Chain i runs on event loop i mod loops;
   * each sends its next GET from the completion of the previous one.
   */
  private Result run(Function<Request, Future<Response>> send, int chainCount, int total) throws InterruptedException {
    return run(send, chainCount, total, contexts);
  }

  private Result run(Function<Request, Future<Response>> send, int chainCount, int total, List<Context> contexts)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(chainCount);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Chain> chains = new ArrayList<>();
    for (int i = 0; i < chainCount; i++) {
      int ops = total / chainCount + (i < total % chainCount ? 1 : 0);
      chains.add(new Chain(send, ops, done, failure));
    }
    long cpuStart = OS.getProcessCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < chainCount; i++) {
      Chain chain = chains.get(i);
      contexts.get(i % contexts.size()).runOnContext(v -> chain.next());
    }
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("benchmark did not finish");
    }
    long elapsed = System.nanoTime() - start;
    long cpu = OS.getProcessCpuTime() - cpuStart;
    if (failure.get() != null) {
      throw new IllegalStateException("a command failed", failure.get());
    }
    Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    chains.forEach(c -> all.add(c.latency));
    return new Result(all, total * 1e9 / elapsed, cpu / 1000.0 / total);
  }

  /** One outstanding GET at a time; only touched from its own event loop. */
  private static final class Chain {
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    final Function<Request, Future<Response>> send;
    final CountDownLatch done;
    final AtomicReference<Throwable> failure;
    int remaining;

    Chain(Function<Request, Future<Response>> send, int ops, CountDownLatch done, AtomicReference<Throwable> failure) {
      this.send = send;
      this.remaining = ops;
      this.done = done;
      this.failure = failure;
    }

    void next() {
      if (remaining <= 0) {
        done.countDown();
        return;
      }
      long start = System.nanoTime();
      send.apply(Request.cmd(Command.GET).arg(KEY)).onComplete(ar -> {
        latency.recordValue(Math.min(System.nanoTime() - start, latency.getHighestTrackableValue()));
        if (ar.failed()) {
          failure.compareAndSet(null, ar.cause());
          done.countDown();
          return;
        }
        remaining--;
        next();
      });
    }
  }

  /** Runs redis-benchmark and returns its CSV row by column name (values in ms, rps in ops/s). */
  private static Map<String, Double> redisBenchmark(String exe, int port, int n, int clients)
      throws IOException, InterruptedException {
    List<String> cmd = List.of(exe, "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "get",
        "-n", Integer.toString(n), "-c", Integer.toString(clients), "-P", "1", "--csv");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("redis-benchmark failed: " + lines);
    }
    String[] header = null;
    for (String line : lines) {
      String[] cells = Arrays.stream(line.split(",")).map(s -> s.replace("\"", "").trim()).toArray(String[]::new);
      if (cells.length > 1 && cells[0].equals("test")) {
        header = cells;
      } else if (header != null && cells.length == header.length && cells[0].equals("GET")) {
        Map<String, Double> row = new HashMap<>();
        for (int i = 1; i < cells.length; i++) {
          row.put(header[i], Double.parseDouble(cells[i]));
        }
        return row;
      }
    }
    throw new IllegalStateException("no GET row in redis-benchmark output: " + lines);
  }

  private static void put(Map<String, Double> m, String prefix, Result r) {
    m.put(prefix + ".ops", r.opsPerSecond());
    m.put(prefix + ".p50", us(r.latency(), 50));
    m.put(prefix + ".p99", us(r.latency(), 99));
    m.put(prefix + ".p999", us(r.latency(), 99.9));
    m.put(prefix + ".cpu", r.cpuMicrosPerOp());
  }

  private static void putBench(Map<String, Double> m, String prefix, Map<String, Double> row) {
    m.put(prefix + ".ops", row.get("rps"));
    m.put(prefix + ".p50", row.get("p50_latency_ms") * 1000);
    m.put(prefix + ".p99", row.get("p99_latency_ms") * 1000);
  }

  private static String summary(Map<String, Double> m, String prefix) {
    if (!m.containsKey(prefix + ".ops")) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.0f ops/s p50 %.1f us p99 %.1f us%s", m.get(prefix + ".ops"),
        m.get(prefix + ".p50"), m.get(prefix + ".p99"),
        m.containsKey(prefix + ".cpu") ? String.format(Locale.ROOT, ", JVM CPU %.1f us/op", m.get(prefix + ".cpu")) : "");
  }

  private static final Map<String, String> DIAG_LABELS = new LinkedHashMap<>();

  static {
    DIAG_LABELS.put("bare", "diagnostic: bare pooled vertx-redis `Redis.send` (pool 8), sequential");
    DIAG_LABELS.put("dedicated", "diagnostic: one dedicated `RedisConnection.send`, sequential, same event loop");
    DIAG_LABELS.put("conc1", "diagnostic: `RedisConnections.send`, %d chains on 1 event loop");
    DIAG_LABELS.put("concBare", "diagnostic: bare pooled `Redis.send` (pool 8), %d chains over %d event loops");
    DIAG_LABELS.put("concBareLocal", "diagnostic: bare pooled `Redis.send` (pool 8), %d chains and the pool's connections all on 1 event loop");
    DIAG_LABELS.put("concWide", "diagnostic: `RedisConnections.send` with `redis.poolSize` = %d, %d chains over %d event loops");
    DIAG_LABELS.put("concDedicated", "diagnostic: one dedicated `RedisConnection` (pipelined), %d chains on its event loop");
    DIAG_LABELS.put("rb8", "diagnostic floor: `redis-benchmark -c %d` (as many connections as the pool)");
  }

  private static void report(StringBuilder md, List<Map<String, Double>> runs, int n, int chains, int loops,
                             int poolSize, boolean withBenchmark, boolean diag) {
    md.append(String.format(Locale.ROOT, "Medians of %d repetitions (N = %,d GETs per row and repetition; latency in µs). "
        + "Ratios are the median of the per-repetition ratios, each taken within one repetition.%n%n", runs.size(), n));
    md.append("| what | ops/s | p50 µs | p99 µs | p99.9 µs | JVM CPU µs/op |\n|---|---:|---:|---:|---:|---:|\n");
    row(md, runs, "Mariposa `RedisConnections.send`, sequential (1 in flight)", "seq", true);
    if (withBenchmark) {
      row(md, runs, "floor: `redis-benchmark -c 1`", "rb1", false);
    }
    row(md, runs, "Mariposa `RedisConnections.send`, " + chains + " chains over " + loops + " event loops (pool "
        + poolSize + ")", "conc", true);
    if (withBenchmark) {
      row(md, runs, "floor: `redis-benchmark -c " + chains + "`", "rbc", false);
    }
    if (diag) {
      row(md, runs, DIAG_LABELS.get("bare"), "bare", true);
      row(md, runs, DIAG_LABELS.get("dedicated"), "dedicated", true);
      row(md, runs, String.format(DIAG_LABELS.get("conc1"), chains), "conc1", true);
      row(md, runs, String.format(DIAG_LABELS.get("concBare"), chains, loops), "concBare", true);
      row(md, runs, String.format(DIAG_LABELS.get("concBareLocal"), chains), "concBareLocal", true);
      row(md, runs, String.format(DIAG_LABELS.get("concWide"), chains, chains, loops), "concWide", true);
      row(md, runs, String.format(DIAG_LABELS.get("concDedicated"), chains), "concDedicated", true);
      if (withBenchmark) {
        row(md, runs, String.format(DIAG_LABELS.get("rb8"), poolSize), "rb8", false);
      }
    }
    md.append('\n');
    if (withBenchmark) {
      md.append("| ratio (Mariposa ÷ redis-benchmark, same repetition) | p50 | p99 | ops/s |\n|---|---:|---:|---:|\n");
      ratioRow(md, runs, "sequential vs `-c 1`", "seq", "rb1");
      ratioRow(md, runs, chains + " chains vs `-c " + chains + "`", "conc", "rbc");
      md.append('\n');
    }
    md.append("<details><summary>every repetition</summary>\n\n");
    md.append("| rep | what | ops/s | p50 µs | p99 µs | p99.9 µs | JVM CPU µs/op |\n|---:|---|---:|---:|---:|---:|---:|\n");
    for (int r = 0; r < runs.size(); r++) {
      Map<String, Double> m = runs.get(r);
      for (String p : List.of("seq", "rb1", "conc", "rbc", "bare", "dedicated", "conc1", "concBare", "concBareLocal", "concWide",
          "concDedicated", "rb8")) {
        if (m.containsKey(p + ".ops")) {
          md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %.1f | %s | %s |%n", r + 1, p,
              m.get(p + ".ops"), m.get(p + ".p50"), m.get(p + ".p99"), cell(m, p + ".p999"), cell(m, p + ".cpu")));
        }
      }
    }
    md.append("\n</details>\n");
  }

  private static void row(StringBuilder md, List<Map<String, Double>> runs, String label, String p, boolean ours) {
    md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f | %s | %s |%n", label, median(runs, p + ".ops"),
        median(runs, p + ".p50"), median(runs, p + ".p99"),
        ours ? String.format(Locale.ROOT, "%.1f", median(runs, p + ".p999")) : "–",
        ours ? String.format(Locale.ROOT, "%.1f", median(runs, p + ".cpu")) : "–"));
  }

  private static String cell(Map<String, Double> m, String key) {
    return m.containsKey(key) ? String.format(Locale.ROOT, "%.1f", m.get(key)) : "–";
  }

  private static void ratioRow(StringBuilder md, List<Map<String, Double>> runs, String label, String a, String b) {
    md.append(String.format(Locale.ROOT, "| %s | %.2f× | %.2f× | %.2f× |%n", label, medianRatio(runs, a + ".p50", b + ".p50"),
        medianRatio(runs, a + ".p99", b + ".p99"), medianRatio(runs, a + ".ops", b + ".ops")));
  }

  private static double median(List<Map<String, Double>> runs, String key) {
    return median(runs.stream().mapToDouble(m -> m.get(key)).toArray());
  }

  private static double medianRatio(List<Map<String, Double>> runs, String a, String b) {
    return median(runs.stream().mapToDouble(m -> m.get(a) / m.get(b)).toArray());
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  private static double us(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        File f = new File(dir, name);
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    log("%s not found on PATH: no floor will be measured", name);
    return null;
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }
}
