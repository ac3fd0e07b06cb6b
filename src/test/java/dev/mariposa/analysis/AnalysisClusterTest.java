package dev.mariposa.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis role in a cluster of in-JVM instances sharing one real redis-server and one
 * MongoDB-wire server: one analysis per bar close cluster-wide (the Redis claim), throttled tick
 * analyses, and the API's analyse-now fallback when nothing is cached.
 */
class AnalysisClusterTest {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisClusterTest.class);
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final String TOKEN = "cluster-test-token-0123456789";
  private static final String AGENT = "momentum-1m";
  private static final long MINUTE = 60_000;

  @TempDir
  Path dir;

  private TestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * (a) A feed instance replays the real day at 50 bars a second; two analysis instances both
   * receive every close through the Redis bridge and race for its claim. Every instance's bus sees
   * each bar's result exactly once, all receivers agree on who produced it, and the losers count.
   */
  @Test
  @Timeout(60)
  void eachBarCloseIsAnalysedOnceClusterWide() {
    Path day = SharedData.require(DAY);
    long started = System.nanoTime();
    cluster = new TestCluster(dir);
    Map<String, Mariposa> analysis = new LinkedHashMap<>();
    Map<String, List<JsonObject>> received = new LinkedHashMap<>();
    for (String id : List.of("a1", "a2")) {
      Mariposa node = cluster.start(id, Map.of("ROLES", "analysis", "SYMBOLS", "BTCUSDT"));
      analysis.put(id, node);
      received.put(id, collect(node, AGENT));
    }
    // The feed last: the analysis roles are subscribed before the first close is replayed.
    Mariposa feed = cluster.start("feed", Map.of("ROLES", "feed,http", "MARKET_SOURCE", "replay",
        "REPLAY_FILES", day.toString(), "REPLAY_SPEED", "3000", "SYMBOLS", "BTCUSDT", "API_TOKENS", TOKEN));
    received.put("feed", collect(feed, AGENT));

    Eventually.within(Duration.ofSeconds(15), () -> "200 results on every instance's bus, have " + counts(received),
        () -> received.values().stream().allMatch(r -> r.size() >= 200));
    long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();

    // One result per bar on every bus: no instance sees a bar twice (from its own role and the bridge,
    // or from both analysis roles).
    Map<Long, String> producerOf = new TreeMap<>();
    for (var entry : received.entrySet()) {
      List<JsonObject> results = List.copyOf(entry.getValue());
      Map<Long, Long> perBar = results.stream().collect(Collectors.groupingBy(r -> r.getLong("barOpenTime"), Collectors.counting()));
      assertThat(perBar.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
          .as("bars analysed more than once, seen on %s", entry.getKey()).isEmpty();
      for (JsonObject result : results) {
        assertThat(result.getString("agentId")).isEqualTo(AGENT);
        assertThat(result.getString("symbol")).isEqualTo("BTCUSDT");
        assertThat(result.getString("trigger")).isEqualTo("bar");
        assertThat(result.getString("instance")).isIn("a1", "a2");
        String before = producerOf.putIfAbsent(result.getLong("barOpenTime"), result.getString("instance"));
        assertThat(before).as("producer of bar %d seen on %s", result.getLong("barOpenTime"), entry.getKey())
            .isIn(null, result.getString("instance"));
      }
    }
    // The bars are minutes of 2024-09-21, distinct and one minute apart.
    List<Long> bars = new ArrayList<>(producerOf.keySet());
    assertThat(bars).allMatch(t -> t % MINUTE == 0 && t >= 1_726_876_800_000L && t < 1_726_963_200_000L);

    Map<String, Long> byProducer = producerOf.values().stream().collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    assertThat(byProducer).isNotEmpty();
    Map<String, Double> lost = new TreeMap<>();
    analysis.forEach((id, node) -> lost.put(id, claimsLost(node)));
    assertThat(lost.values().stream().mapToDouble(Double::doubleValue).sum()).as("claims lost %s", lost).isPositive();
    LOG.info("(a) {} bars in {} ms; produced by {}; claims lost {}; received {}", bars.size(), elapsed, byProducer, lost,
        counts(received));
  }

  /**
   * (b) Analyses on throttled ticks: with onTicks and 500 ms, results with trigger "tick" come at
   * most once per 500 ms slot. The synthetic feed publishes tickers every 100 ms; a tick is only
   * analysed once the series has a bar, so closed bars are published here in case the feed
   * publishes none (older synthetic feeds) — with a feed that does, those bars are simply extra.
   */
  @Test
  @Timeout(60)
  void tickAnalysesAreThrottled() {
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("t", Map.of("ROLES", "all", "MARKET_SOURCE", "synthetic", "SYMBOLS", "BTCUSDT"),
        json -> json.getJsonObject("analysis").put("onTicks", true).put("tickIntervalMs", 500));
    List<JsonObject> results = collect(node, AGENT);
    List<Long> tickers = new CopyOnWriteArrayList<>();
    node.vertx().eventBus().<JsonObject>consumer(Addresses.ticker("BTCUSDT"), m -> tickers.add(System.currentTimeMillis()));
    awaitSeries(node);
    Eventually.within(Duration.ofSeconds(10), "synthetic tickers", () -> tickers.size() >= 5);

    long firstOpen = (System.currentTimeMillis() / MINUTE - 200) * MINUTE;
    publishBars(node, firstOpen, 20);
    Eventually.within(Duration.ofSeconds(10), () -> "first tick analyses, results so far " + triggers(results),
        () -> results.stream().anyMatch(r -> r.getString("trigger").equals("tick")));

    List<Long> ticksBefore = tickTimes(results);
    long windowStart = System.currentTimeMillis();
    sleep(3_000);
    long windowEnd = System.currentTimeMillis();
    List<Long> window = tickTimes(results).subList(ticksBefore.size(), tickTimes(results).size());
    long windowMs = windowEnd - windowStart;
    assertThat(window.size()).as("tick analyses in %d ms (tickers %d)", windowMs, tickers.size())
        .isBetween(2, (int) (windowMs / 500) + 2);
    List<JsonObject> ticks = results.stream().filter(r -> r.getString("trigger").equals("tick")).toList();
    for (JsonObject tick : ticks) {
      assertThat(tick.getString("instance")).isEqualTo("t");
      assertThat(tick.getString("symbol")).isEqualTo("BTCUSDT");
      assertThat(tick.getDouble("price")).isPositive();
      assertThat(tick.getJsonArray("models").getJsonObject(0).getString("model")).isEqualTo("technical");
    }
    LOG.info("(b) {} tick analyses in {} ms ({} tickers seen, {} results in all: {})", window.size(), windowMs,
        tickers.size(), results.size(), triggers(results));
  }

  /**
   * (c) GET /api/agents/{id}/analysis with nothing cached: 404 no_analysis while the series is
   * empty; once bars filled it and the cached results are gone, the analysis runs on request.
   */
  @Test
  @Timeout(60)
  void analysisIsRunOnRequestWhenNothingIsCached() {
    cluster = new TestCluster(dir);
    // A synthetic feed that never steps (one step a day, the longest allowed): no tickers, no bars, and no
    // simulated history (its one step closes no bar),
    // whichever version of the synthetic feed is in place.
    Mariposa node = cluster.start("c", Map.of("ROLES", "all", "MARKET_SOURCE", "synthetic", "SYMBOLS", "BTCUSDT",
        "API_TOKENS", TOKEN), json -> json.getJsonObject("feed").put("syntheticTickMs", 86_400_000));
    String url = node.baseUrl() + "/api/agents/" + AGENT + "/analysis";
    Eventually.within(Duration.ofSeconds(10), "the default agents",
        () -> Http.status(node.baseUrl() + "/api/agents/" + AGENT) == 200);
    awaitSeries(node);

    HttpResponse<String> none = Http.get(url);
    assertThat(none.statusCode()).as(none.body()).isEqualTo(404);
    assertThat(new JsonObject(none.body()).getJsonObject("error").getString("code")).isEqualTo("no_analysis");
    assertThat(Http.get(node.baseUrl() + "/api/agents/nobody/analysis").statusCode()).isEqualTo(404);

    List<JsonObject> results = collect(node, AGENT);
    long firstOpen = (System.currentTimeMillis() / MINUTE - 200) * MINUTE;
    long lastOpen = publishBars(node, firstOpen, 130);
    Eventually.within(Duration.ofSeconds(15), () -> "the analysis of the last bar, have " + results.size(),
        () -> results.stream().anyMatch(r -> r.getLong("barOpenTime") == lastOpen));
    assertThat(results).allMatch(r -> r.getString("trigger").equals("bar"));
    assertThat(results.stream().map(r -> r.getLong("barOpenTime")).toList()).isSorted().doesNotHaveDuplicates();
    JsonObject cached = new JsonObject(Http.get(url).body());
    assertThat(cached.getJsonObject("results").getJsonObject("BTCUSDT").getString("trigger")).isEqualTo("bar");

    int port = cluster.redis().port();
    List<String> persistent = scan(port, "*").stream()
        .filter(k -> !k.startsWith("mariposa:analysis:") && "-1".equals(redis(port, "PTTL", k))).toList();
    List<String> deleted = deleteKeys(port, "mariposa:analysis:*");
    assertThat(deleted).contains("mariposa:analysis:" + AGENT + ":BTCUSDT");
    assertThat(scan(port, "mariposa:analysis:*")).isEmpty();
    assertThat(scan(port, "*")).as("the other keys without a TTL are kept").containsAll(persistent);

    HttpResponse<String> now = Http.get(url);
    assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
    JsonObject body = new JsonObject(now.body());
    assertThat(body.getString("agentId")).isEqualTo(AGENT);
    assertThat(body.getJsonArray("missing")).isEmpty();
    JsonObject result = body.getJsonObject("results").getJsonObject("BTCUSDT");
    assertThat(result.getString("trigger")).isEqualTo("request");
    assertThat(result.getLong("barOpenTime")).isEqualTo(lastOpen);
    assertThat(result.getJsonObject("indicators").getBoolean("warm")).as("130 bars warm the indicators").isTrue();
    assertThat(result.getString("instance")).isEqualTo("c");
    // The run on request was cached as the latest again: the next read is served from Redis.
    assertThat(scan(port, "mariposa:analysis:" + AGENT + ":BTCUSDT")).hasSize(1);
    JsonObject again = new JsonObject(Http.get(url).body()).getJsonObject("results").getJsonObject("BTCUSDT");
    assertThat(again.getLong("createdAt")).isEqualTo(result.getLong("createdAt"));
    LOG.info("(c) deleted {} analysis keys; request result {}", deleted.size(), result.getString("action"));
  }

  // ---- helpers ----

  private static List<JsonObject> collect(Mariposa node, String agentId) {
    List<JsonObject> results = new CopyOnWriteArrayList<>();
    // Published as the record; its JSON is the body the edges write.
    node.vertx().eventBus().<AnalysisResult>consumer(Addresses.analysis(agentId), m -> results.add(m.body().toJson()));
    return results;
  }

  /** Until the analysis role follows the series of the seeded agents (its gauge counts them). */
  private static void awaitSeries(Mariposa node) {
    Eventually.within(Duration.ofSeconds(10), "the analysis role following BTCUSDT@1m", () -> {
      Gauge gauge = node.services().registry().find("mariposa.analysis.series").gauge();
      return gauge != null && gauge.value() >= 1;
    });
  }

  /** Publishes {@code count} closed 1m bars, oldest first, as the feed would; returns the last open time. */
  private static long publishBars(Mariposa node, long firstOpen, int count) {
    long now = System.currentTimeMillis();
    double price = 63_000;
    long open = firstOpen;
    for (int i = 0; i < count; i++) {
      open = firstOpen + i * MINUTE;
      double next = price + 40 * Math.sin(i / 6.0) + (i % 7 - 3) * 5;
      JsonObject bar = new JsonObject().put("symbol", "BTCUSDT").put("interval", "1m")
          .put("openTime", open).put("closeTime", open + MINUTE - 1)
          .put("open", price).put("high", Math.max(price, next) + 12.5).put("low", Math.min(price, next) - 9.5)
          .put("close", next).put("volume", 10.0 + i % 5).put("quoteVolume", (10.0 + i % 5) * next)
          .put("trades", 100 + i).put("closed", true).put("exchangeTime", open + MINUTE - 1)
          .put("receivedAt", now).put("source", "test");
      node.vertx().eventBus().publish(Addresses.kline("BTCUSDT", "1m"), bar);
      price = next;
    }
    return open;
  }

  private static double claimsLost(Mariposa node) {
    Counter counter = node.services().registry().find("mariposa.analysis.claims.lost").counter();
    return counter == null ? 0 : counter.count();
  }

  private static Map<String, Integer> counts(Map<String, List<JsonObject>> received) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    received.forEach((k, v) -> counts.put(k, v.size()));
    return counts;
  }

  private static Map<String, Long> triggers(List<JsonObject> results) {
    return results.stream().collect(Collectors.groupingBy(r -> r.getString("trigger"), TreeMap::new, Collectors.counting()));
  }

  private static List<Long> tickTimes(List<JsonObject> results) {
    return results.stream().filter(r -> r.getString("trigger").equals("tick")).map(r -> r.getLong("createdAt")).toList();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- a minimal RESP client on a raw socket, for the test's own look at Redis ----

  /** Every key matching {@code pattern}, by SCAN (never KEYS). */
  private static List<String> scan(int port, String pattern) {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      List<?> reply = (List<?>) redis(port, "SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
      cursor = (String) reply.get(0);
      ((List<?>) reply.get(1)).forEach(k -> keys.add((String) k));
    } while (!cursor.equals("0"));
    return keys.stream().distinct().sorted().toList();
  }

  /** Deletes the keys matching {@code pattern} (UNLINK-free, one DEL per batch); returns them. */
  private static List<String> deleteKeys(int port, String pattern) {
    List<String> keys = scan(port, pattern);
    for (int i = 0; i < keys.size(); i += 100) {
      List<String> args = new ArrayList<>();
      args.add("DEL");
      args.addAll(keys.subList(i, Math.min(keys.size(), i + 100)));
      redis(port, args.toArray(String[]::new));
    }
    return keys;
  }

  private static Object redis(int port, String... args) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        command.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(command.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+':
      case ':':
        return line;
      case '-':
        throw new IllegalStateException("redis: " + line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] data = in.readNBytes(length + 2);
        return new String(data, 0, length, StandardCharsets.UTF_8);
      }
      case '*': {
        int length = Integer.parseInt(line);
        List<Object> items = new ArrayList<>(Math.max(0, length));
        for (int i = 0; i < length; i++) {
          items.add(read(in));
        }
        return items;
      }
      default:
        throw new IllegalStateException("unexpected RESP type " + (char) type);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      sb.append((char) c);
    }
    in.read(); // '\n'
    return sb.toString();
  }
}
