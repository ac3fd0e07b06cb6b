package dev.mariposa.bench;

import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.JarProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory target: the jar (every role, synthetic market) at {@code symbols} symbols,
 * {@code agents} agents (each trading three of them) and {@code sockets} SockJS clients (a child
 * JVM, {@link SockJsLoadClient}, one ticker address), its Redis and MongoDB-wire server in this
 * JVM. Every {@code every} seconds for {@code seconds}: a full GC in the jar's JVM ({@code jcmd
 * GC.run}) and the heap used after it ({@code GC.heap_info}), its live threads, and at the end the
 * slope of the heap after GC per minute (least squares).
 *
 * <p>Usage: {@code MemoryBench [seconds] [every] [symbols] [agents] [sockets]}; prints Markdown.
 */
public final class MemoryBench {
  private static final String TOKEN = "memory-bench-token-1f3a";
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int symbols = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int agents = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int sockets = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    Path dir = Files.createTempDirectory("mariposa-memory-bench");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < symbols; i++) {
      names.add(String.format("S%03dUSDT", i));
    }
    try (EmbeddedRedis redis = EmbeddedRedis.ephemeral(); EmbeddedMongo mongo = EmbeddedMongo.inMemory()) {
      int port = FreePort.find();
      Map<String, String> env = new HashMap<>();
      env.put("HTTP_PORT", Integer.toString(port));
      env.put("HTTP_HOST", "127.0.0.1");
      env.put("REDIS_URL", redis.url());
      env.put("MONGO_URL", mongo.connectionString());
      env.put("SYMBOLS", String.join(",", names));
      env.put("MARKET_SOURCE", "synthetic");
      env.put("API_TOKENS", TOKEN);
      env.put("DATA_DIR", dir.resolve("data").toString());
      try (JarProcess jar = JarProcess.start(dir, env)) {
        String base = "http://127.0.0.1:" + port;
        long deadline = System.currentTimeMillis() + 60_000;
        while (Http.status(base + "/health") != 200) {
          if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("not healthy in 60 s:\n" + jar.output());
          }
          Thread.sleep(200);
        }
        for (int a = 0; a < agents; a++) {
          JsonArray traded = new JsonArray();
          for (int k = 0; k < 3; k++) {
            traded.add(names.get((a * 3 + k) % symbols));
          }
          String body = new JsonObject().put("id", "mem-" + a).put("symbols", traded).put("minConfidence", 0.5)
              .put("agreement", 0.5).encode();
          var created = Http.send("POST", base + "/api/agents", body, TOKEN);
          while (created.statusCode() == 429) { // the write group's rate limit: as a client should, wait
            Thread.sleep(1000L * Long.parseLong(created.headers().firstValue("Retry-After").orElse("1")));
            created = Http.send("POST", base + "/api/agents", body, TOKEN);
          }
          if (created.statusCode() != 201) {
            throw new IllegalStateException("agent " + a + ": " + created.statusCode() + " " + created.body());
          }
        }
        Process clients = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), SockJsLoadClient.class.getName(), Integer.toString(port),
            Integer.toString(sockets), "market.ticker." + names.get(0), Long.toString(Long.MAX_VALUE),
            Integer.toString(seconds + 60)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        System.err.println("clients: " + ready);
        List<double[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s * every <= seconds; s++) {
          long due = start + TimeUnit.SECONDS.toNanos((long) s * every);
          Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())));
          jcmd(jar.pid(), "GC.run");
          double usedMb = used(jcmd(jar.pid(), "GC.heap_info"));
          int threads = (int) jcmd(jar.pid(), "Thread.print").lines().filter(l -> l.startsWith("\"")).count();
          // Open descriptors: every socket (Redis, MongoDB, the 1000 clients) and file the jar holds.
          int descriptors = openDescriptors(jar.pid());
          double minutes = (System.nanoTime() - start) / 60e9;
          samples.add(new double[] {minutes, usedMb, threads, descriptors});
          System.err.printf("%.1f min: heap after GC %.1f MB, %d threads, %d descriptors%n", minutes, usedMb, threads,
              descriptors);
        }
        clients.destroy();
        clients.waitFor(10, TimeUnit.SECONDS);
        print(samples, symbols, agents, sockets, ready);
      }
    }
  }

  private static String jcmd(long pid, String command) throws Exception {
    Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return text;
  }

  private static int openDescriptors(long pid) {
    String[] fds = new java.io.File("/proc/" + pid + "/fd").list();
    return fds == null ? -1 : fds.length;
  }

  private static double used(String heapInfo) {
    Matcher m = USED.matcher(heapInfo);
    if (!m.find()) {
      throw new IllegalStateException("no heap figure in: " + heapInfo);
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  private static void print(List<double[]> samples, int symbols, int agents, int sockets, String ready) {
    System.out.println("| minutes | heap after GC (MB) | threads | open descriptors |");
    System.out.println("|---:|---:|---:|---:|");
    for (double[] s : samples) {
      System.out.printf("| %.1f | %.1f | %d | %d |%n", s[0], s[1], (int) s[2], (int) s[3]);
    }
    int n = samples.size();
    double mx = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
    double my = samples.stream().mapToDouble(s -> s[1]).average().orElse(0);
    double cov = samples.stream().mapToDouble(s -> (s[0] - mx) * (s[1] - my)).sum();
    double var = samples.stream().mapToDouble(s -> (s[0] - mx) * (s[0] - mx)).sum();
    double slope = var == 0 ? 0 : cov / var;
    double max = samples.stream().mapToDouble(s -> s[1]).max().orElse(0);
    double last = samples.get(n - 1)[1];
    // Growth of threads and descriptors: from the first sample after start-up to the last.
    double[] first = samples.get(Math.min(1, n - 1));
    System.out.printf("%nSOAK threads %d → %d, open descriptors %d → %d (from minute %.1f to %.1f)%n",
        (int) first[2], (int) samples.get(n - 1)[2], (int) first[3], (int) samples.get(n - 1)[3], first[0],
        samples.get(n - 1)[0]);
    System.out.println();
    System.out.printf("MEMORY heap after GC %.1f MB at the end (max %.1f MB, slope %+.2f MB/min over %.1f min) at %d symbols, "
        + "%d agents, %d sockets (%s)%n", last, max, slope, samples.get(n - 1)[0], symbols, agents, sockets,
        ready == null ? "clients did not start" : ready.replace("READY ", ""));
  }
}
