package dev.mariposa.bench;

import dev.mariposa.Mariposa;
import dev.mariposa.market.KlineHistory;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hot and cold data, measured on the replayed BTCUSDT and ETHUSDT days (data.binance.vision 1m
 * CSVs, REPLAY_SPEED=3000) with every role but http on one instance ("worker"):
 *
 * <ol>
 *   <li>Redis memory with cache compression off and on (cache.compressAboveBytes 0 vs the
 *       default): used_memory, and the bytes of the string values per namespace, after the replay.
 *   <li>MongoDB load: two http-only instances beside the worker, one with cache.enabled=true and
 *       one with false, serve the same requests: the dashboard's opening requests (as app.js sends
 *       them) and a mix of API requests. Commands counted by the driver
 *       ({@code mariposa_mongo_commands_total} of each instance), per request; and the same count
 *       over an idle window of the same length, for what the instance does by itself.
 * </ol>
 *
 * <p>Usage: {@code java -cp target/test-classes:<classpath> dev.mariposa.bench.HotColdBench <shared/data> [rounds]}.
 * Prints Markdown rows; the last lines start with MEMORY and DBLOAD for bench/hotcold.sh.
 */
public final class HotColdBench {
  private static final String[] DAYS = {"binance/klines/BTCUSDT-1m-2024-09-21.csv", "binance/klines/ETHUSDT-1m-2022-08-14.csv"};
  /** 3000×: a day in about 30 s, slow enough for the analysis, started with the feed, to follow every close. */
  private static final int SPEED = 3000;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HotColdBench() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    List<String> files = new ArrayList<>();
    for (String day : DAYS) {
      files.add(data.resolve(day).toString());
      KlineCsv.read(data.resolve(day)); // fails early when a recording is missing
    }
    memory(files);
    databaseLoad(files, rounds);
  }

  /**
   * Redis memory after the replay with compression on (cache.compressAboveBytes 1024): every
   * string value under the prefix read back, its stored bytes against its JSON bytes, per
   * namespace. The same values, so the saving is exact for what the replay left in Redis.
   */
  private static void memory(List<String> files) throws Exception {
    Path dir = Files.createTempDirectory("hotcold-memory");
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa worker = worker(cluster, files, json -> json.getJsonObject("cache").put("compressAboveBytes", 1024));
      var redis = worker.services().redis();
      // Read while the analyses are cached (their TTL is 2 min): once the last close of each day is analysed.
      List<String> lastCloses = new ArrayList<>();
      for (String file : files) {
        var day = KlineCsv.read(Path.of(file));
        var last = day.get(day.size() - 1);
        lastCloses.add(worker.services().keys().key("analysis:", "momentum-1m", last.symbol(), "1m", Long.toString(last.openTime())));
      }
      Eventually.within(Duration.ofMinutes(5), "the last closes analysed", () -> lastCloses.stream()
          .allMatch(k -> redis.send(Request.cmd(Command.EXISTS).arg(k)).await().toLong() == 1));
      var codec = worker.services().cache().codec();
      long used = Long.parseLong(info(worker, "used_memory"));
      Map<String, long[]> strings = new TreeMap<>(); // namespace → keys, compressed keys, JSON bytes, stored bytes, largest JSON
      String cursor = "0";
      do {
        Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(worker.services().keys().pattern("*"))
            .arg("COUNT").arg(1000).arg("TYPE").arg("string")).await();
        cursor = page.get(0).toString();
        List<String> keys = new ArrayList<>();
        page.get(1).forEach(k -> keys.add(k.toString()));
        if (!keys.isEmpty()) {
          List<Response> values = new ArrayList<>();
          for (int from = 0; from < keys.size(); from += 100) { // pipelines of 100 GETs
            values.addAll(redis.batch(keys.subList(from, Math.min(keys.size(), from + 100)).stream()
                .map(k -> Request.cmd(Command.GET).arg(k)).toList()).await());
          }
          for (int i = 0; i < keys.size(); i++) {
            if (values.get(i) == null) {
              continue; // expired meanwhile
            }
            String key = worker.services().keys().strip(keys.get(i));
            String ns = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
            var raw = values.get(i).toBuffer();
            int json = codec.decode(raw).length();
            long[] acc = strings.computeIfAbsent(ns, n -> new long[5]);
            acc[0]++;
            acc[1] += dev.mariposa.redis.ValueCodec.isCompressed(raw) ? 1 : 0;
            acc[2] += json;
            acc[3] += raw.length();
            acc[4] = Math.max(acc[4], json);
          }
        }
      } while (!"0".equals(cursor));
      long json = 0;
      long stored = 0;
      for (Map.Entry<String, long[]> e : strings.entrySet()) {
        long[] a = e.getValue();
        json += a[2];
        stored += a[3];
        System.out.printf("NAMESPACE %s keys=%d compressed=%d json_bytes=%d stored_bytes=%d largest_json=%d%n",
            e.getKey(), a[0], a[1], a[2], a[3], a[4]);
      }
      System.out.printf("MEMORY used_memory=%d string_json_bytes=%d string_stored_bytes=%d saved_bytes=%d%n",
          used, json, stored, json - stored);
    }
  }

  private static void databaseLoad(List<String> files, int rounds) throws Exception {
    Path dir = Files.createTempDirectory("hotcold-db");
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa worker = worker(cluster, files, json -> { });
      awaitHistory(worker);
      Mariposa on = cluster.start("api-on", Map.of("ROLES", "http", "SYMBOLS", "BTCUSDT,ETHUSDT"), HotColdBench::patient);
      Mariposa off = cluster.start("api-off", Map.of("ROLES", "http", "SYMBOLS", "BTCUSDT,ETHUSDT"),
          json -> {
            json.getJsonObject("cache").put("enabled", false);
            patient(json);
          });
      Thread.sleep(3000); // performance figures and the leaderboard cached by the worker
      List<String> agents = new ArrayList<>();
      new JsonObject(get(on, "/api/agents?limit=100")).getJsonArray("agents")
          .forEach(a -> agents.add(((JsonObject) a).getString("id")));
      long btcDayStart = KlineCsv.read(Path.of(files.get(0))).get(0).openTime();
      List<String> dashboard = dashboard(agents);
      List<String> api = api(agents, btcDayStart);
      for (Mariposa instance : List.of(on, off)) {
        String name = instance == on ? "on" : "off";
        run(instance, dashboard, api); // warm-up, not counted
        double before = mongo(instance);
        long idleStarted = System.nanoTime();
        Thread.sleep(2000);
        double idle = (mongo(instance) - before) / ((System.nanoTime() - idleStarted) / 1e9);
        before = mongo(instance);
        long started = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
          run(instance, dashboard, List.of());
        }
        double dashSeconds = (System.nanoTime() - started) / 1e9;
        double perDashboard = (mongo(instance) - before - idle * dashSeconds) / rounds;
        before = mongo(instance);
        started = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
          run(instance, List.of(), api);
        }
        double apiSeconds = (System.nanoTime() - started) / 1e9;
        double perApi = (mongo(instance) - before - idle * apiSeconds) / (rounds * (double) api.size());
        System.out.printf("DBLOAD cache=%s dashboard_requests=%d mongo_per_dashboard=%.2f api_requests=%d mongo_per_api_request=%.3f idle_mongo_per_s=%.2f%n",
            name, dashboard.size(), perDashboard, api.size(), perApi, idle);
      }
    }
  }

  /** What app.js asks for when the dashboard opens (BTCUSDT selected, two symbols, the agents). */
  private static List<String> dashboard(List<String> agents) {
    List<String> paths = new ArrayList<>(List.of("/health", "/api/agents?limit=100", "/api/market/tickers?symbols=BTCUSDT,ETHUSDT",
        "/api/market/BTCUSDT/klines?interval=1m&limit=300", "/api/market/BTCUSDT/orderbook?depth=20",
        "/api/market/BTCUSDT/klines?interval=1h&limit=24", "/api/market/ETHUSDT/klines?interval=1h&limit=24",
        "/api/trades?limit=100", "/api/orders?open=true&limit=500", "/api/leaderboard?limit=20", "/api/admin/halt", "/api/jobs", "/api/system", "/api/cluster"));
    agents.forEach(a -> paths.add("/api/agents/" + a + "/signals?limit=20"));
    return paths;
  }

  /** A mix of API reads: market data (recent and older bars), performance, leaderboard, agents. */
  private static List<String> api(List<String> agents, long dayStart) {
    List<String> paths = new ArrayList<>();
    for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
      paths.add("/api/market/" + symbol + "/klines?interval=1m&limit=100");
      paths.add("/api/market/" + symbol + "/klines?interval=5m&limit=200");
      paths.add("/api/market/" + symbol + "/klines?interval=1h&limit=24");
    }
    paths.add("/api/market/BTCUSDT/klines?interval=1m&limit=500&startTime=" + dayStart); // older than the cache
    paths.add("/api/leaderboard?limit=20");
    agents.forEach(a -> {
      paths.add("/api/agents/" + a + "/performance");
      paths.add("/api/agents/" + a);
    });
    return paths;
  }

  private static void run(Mariposa instance, List<String> dashboard, List<String> api) throws Exception {
    for (String path : dashboard) {
      get(instance, path);
    }
    for (String path : api) {
      get(instance, path);
    }
  }

  private static Mariposa worker(TestCluster cluster, List<String> files, java.util.function.Consumer<JsonObject> tweak) {
    return cluster.start("worker", Map.of("ROLES", "feed,analysis,signal,trade,metrics,session,jobs", "MARKET_SOURCE", "replay",
        "SYMBOLS", "BTCUSDT,ETHUSDT", "REPLAY_FILES", String.join(",", files), "REPLAY_SPEED", Integer.toString(SPEED)),
        tweak.andThen(HotColdBench::patient));
  }

  /** A replay as fast as possible loads the 2 cores: the bench's own reads get 10 s, not the tests' 2. */
  private static void patient(JsonObject json) {
    json.getJsonObject("redis").put("timeoutMs", 10_000);
  }

  private static void awaitHistory(Mariposa worker) {
    KlineHistory history = worker.services().market().history().orElseThrow();
    Eventually.within(Duration.ofMinutes(3), "both days in MongoDB", () ->
        history.count("BTCUSDT", "1m").await() == 1440 && history.count("ETHUSDT", "1m").await() == 1440);
  }

  private static String get(Mariposa instance, String path) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() >= 500) {
      throw new IllegalStateException(path + ": " + answer.statusCode() + " " + answer.body());
    }
    return answer.body();
  }

  private static double mongo(Mariposa instance) {
    return instance.services().registry().find("mariposa.mongo.commands").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static double sum(MeterRegistry registry, String name, String tag, String value) {
    return registry.find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static String info(Mariposa node, String field) {
    for (String line : node.services().redis().send(Request.cmd(Command.INFO).arg("memory")).await().toString().split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    return "0";
  }
}
