package dev.mariposa.bench;

import static dev.mariposa.bench.BenchSupport.median;
import static dev.mariposa.bench.BenchSupport.pace;

import dev.mariposa.Mariposa;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.events.Ticker;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Tick → browser socket on another instance. Instance A publishes tickers on its event bus
 * ({@code market.ticker.BENCHUSDT}, a real ticker's fields, its update id the sender's nanoTime) at a fixed
 * rate; instance B, which knows them only through Redis, serves {@code sockets} SockJS clients
 * registered on that address, which run in a child JVM ({@link SockJsLoadClient}) and record
 * (receive − publish). A and B share this JVM (own Vert.x and event bus each, joined only through
 * a private redis-server); B runs its HTTP verticle with the shipped two instances. Beside it, in
 * the same run, the floor: {@link BareFanout}, plain Vert.x WebSockets fed in-process.
 *
 * <p>Usage: {@code SockJsFanoutBench [seconds per run] [repetitions] [sockets] [rates...]}; prints
 * every run and the medians as Markdown.
 */
public final class SockJsFanoutBench {
  private static final String ADDRESS = "market.ticker.BENCHUSDT";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int sockets = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int[] rates = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {100, 1_000};
    Path dir = Files.createTempDirectory("mariposa-bench");
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (EmbeddedRedis redis = EmbeddedRedis.ephemeral(); EmbeddedMongo mongo = EmbeddedMongo.inMemory()) {
      Mariposa a = start(dir, "bench-a", "session", redis, mongo);
      Mariposa b = start(dir, "bench-b", "http", redis, mongo);
      Vertx bare = Vertx.vertx();
      int barePort = BareFanout.start(bare, 0);
      long interval = b.services().config().http().sockJs().snapshotInterval().toMillis();
      Vertx paced = Vertx.vertx();
      int pacedPort = BareFanout.start(paced, interval);
      try {
        Map<String, List<double[]>> results = new TreeMap<>();
        System.out.println("| run | path | ticks/s | sockets | frames measured / expected | p50 µs | p99 µs | p99.9 µs | max µs | server JVM cores | clients JVM cores |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int r = 1; r <= repetitions; r++) {
          for (int rate : rates) {
           for (Target target : List.of(
               new Target("floor: bare Vert.x WebSocket fan-out, every tick", barePort, bare),
               new Target("floor: bare Vert.x WebSocket fan-out, newest tick every " + interval + " ms", pacedPort, paced),
               new Target("Mariposa A → Redis → B → SockJS", b.services().httpPort(), a.vertx()))) {
            int port = target.port();
            Vertx source = target.source();
            String path = target.path();
            long expected = (long) rate * seconds * sockets;
            Process clients = new ProcessBuilder(javaBin(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                SockJsLoadClient.class.getName(), Integer.toString(port), Integer.toString(sockets),
                ADDRESS, Long.toString(expected), Integer.toString(seconds))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
            // Unmeasured ticks (50/s) until every socket receives, then 2 s at the rate as warm-up.
            boolean floor = source != a.vertx();
            long warm = source.setPeriodic(20, id -> publish(source, false, floor));
            String ready = line(out, "READY");
            source.cancelTimer(warm);
            System.err.println(ready);
            pace(source, rate, 2, () -> publish(source, false, floor));
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            pace(source, rate, seconds, () -> publish(source, true, floor));
            double serverCores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
            JsonObject result = new JsonObject(line(out, "{"));
            clients.waitFor(30, TimeUnit.SECONDS);
            clients.destroyForcibly();
            System.out.printf("| %d | %s | %,d | %,d | %,d / %,d | %d | %d | %d | %d | %.2f | %.2f |%n", r, path, rate, sockets,
                result.getLong("measured"), expected, result.getLong("p50"), result.getLong("p99"), result.getLong("p999"),
                result.getLong("max"), serverCores, result.getDouble("cores"));
            results.computeIfAbsent(path + "|" + rate, k -> new ArrayList<>()).add(new double[] {result.getLong("p50"),
                result.getLong("p99"), result.getLong("p999"), serverCores, result.getDouble("cores"),
                result.getLong("measured") / (double) expected});
            Thread.sleep(2_000); // the closed sockets' sessions leave
           }
          }
        }
        System.out.println();
        System.out.println("| path | ticks/s | sockets | delivered | p50 µs | p99 µs | p99.9 µs | server cores | clients cores |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        results.forEach((key, runs) -> {
          double[] m = new double[6];
          for (int i = 0; i < 6; i++) {
            int k = i;
            m[i] = median(runs.stream().mapToDouble(x -> x[k]).toArray());
          }
          String[] parts = key.split("\\|");
          System.out.printf("| %s | %,d | %,d | %.1f%% | %.0f | %.0f | %.0f | %.2f | %.2f |%n", parts[0],
              Integer.parseInt(parts[1]), sockets, m[5] * 100, m[0], m[1], m[2], m[3], m[4]);
        });
      } finally {
        bare.close().await();
        paced.close().await();
        b.stop();
        a.stop();
      }
    }
  }

  private static Mariposa start(Path dir, String id, String roles, EmbeddedRedis redis, EmbeddedMongo mongo) {
    return Mariposa.start(TestConfigs.config(dir.resolve(id), Map.of("INSTANCE_ID", id, "ROLES", roles,
        "REDIS_URL", redis.url(), "MONGO_URL", mongo.connectionString()), json -> {
          json.getJsonObject("instances").put("http", 2);
          json.getJsonObject("http").getJsonObject("sockJs").put("inboundPerSecond", 1000);
        }));
  }

  private record Target(String path, int port, Vertx source) {}

  /**
   * A ticker as the feed publishes it (the record Mariposa's bus carries), its update id the
   * sender's nanoTime and its source saying whether the tick is measured. The floors get the same
   * ticker's JSON, which is what they write.
   */
  private static void publish(Vertx source, boolean measured, boolean floor) {
    long now = System.currentTimeMillis();
    Ticker ticker = new Ticker("BENCHUSDT", measured ? "bench" : "bench-warm", null, now, now,
        new BigDecimal("63012.51"), new BigDecimal("1.2345"), new BigDecimal("63012.52"), new BigDecimal("0.873"),
        new BigDecimal("63012.52"), System.nanoTime(), null);
    source.eventBus().publish(ADDRESS, floor ? new JsonObject(ticker.encode()) : ticker);
  }

  /**
   * The floor: plain Vert.x, two verticles (as B's HTTP role) each keeping its WebSockets and
   * writing the messages of the address, encoded once, to all of them, dropping one for a socket
   * whose write queue is full. With an interval, only the newest message is written, at most once
   * per interval (Mariposa's pacing of snapshots, in its simplest form); with none, every message.
   * No Redis hop, no SockJS, no bookkeeping.
   */
  static final class BareFanout extends VerticleBase {
    private final List<ServerWebSocket> sockets = new ArrayList<>();
    private final int port;
    private final long intervalMs;
    private Object newest;
    private long writtenAt;

    BareFanout(int port, long intervalMs) {
      this.port = port;
      this.intervalMs = intervalMs;
    }

    static int start(Vertx vertx, long intervalMs) throws Exception {
      int port;
      try (var probe = new java.net.ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      int chosen = port;
      vertx.deployVerticle(() -> new BareFanout(chosen, intervalMs), new DeploymentOptions().setInstances(2)).await();
      return port;
    }

    private void write(Object body) {
      Buffer frame = new JsonObject().put("type", "rec").put("address", ADDRESS).put("body", body).toBuffer();
      for (ServerWebSocket socket : sockets) {
        if (!socket.writeQueueFull()) { // bounded: a socket that cannot keep up loses frames
          socket.writeBinaryMessage(frame);
        }
      }
    }

    private void paced(Object body) {
      boolean waiting = newest != null;
      newest = body;
      if (waiting) {
        return;
      }
      long wait = writtenAt + intervalMs - System.currentTimeMillis();
      if (wait <= 0) {
        writeNewest();
      } else {
        vertx.setTimer(wait, id -> writeNewest());
      }
    }

    private void writeNewest() {
      writtenAt = System.currentTimeMillis();
      write(newest);
      newest = null;
    }

    @Override
    public Future<?> start() {
      vertx.eventBus().consumer(ADDRESS, message -> {
        if (intervalMs == 0) {
          write(message.body());
        } else {
          paced(message.body());
        }
      });
      return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1")
              .setPerMessageWebSocketCompressionSupported(false))
          .webSocketHandler(socket -> {
            sockets.add(socket);
            socket.closeHandler(v -> sockets.remove(socket));
            socket.handler(frame -> { });
          })
          .listen();
    }
  }

  /** The child's next line starting with {@code prefix} (its log lines are skipped). */
  private static String line(BufferedReader out, String prefix) throws java.io.IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IllegalStateException("the load client ended before printing " + prefix);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
