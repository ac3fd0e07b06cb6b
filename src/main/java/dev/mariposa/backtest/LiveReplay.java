package dev.mariposa.backtest;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.metrics.TradeFill;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The live side of a parity check: kline CSVs replayed through embedded instances of the platform
 * (every role, paper exchange, an embedded Redis and MongoDB under a work directory), as a user's
 * replay runs. A first instance replays the bars that close before {@code from} at full speed into
 * the market cache (the indicators' warm-up; nothing trades); the agents are created; a second
 * instance replays the rest, from {@value #OVERLAP} bars before {@code from}, at
 * {@code REPLAY_SPEED}, its analysis warmed from the cache, through the Redis queues to the paper
 * exchange. Blocking: run it on a thread of its own, never on an event loop.
 */
final class LiveReplay {
  /** Bars the live replay repeats before {@code from}: its quotes and books settle before trading. */
  static final int OVERLAP = 10;
  private static final Duration SETTLED_FOR = Duration.ofSeconds(1);
  /** How long a step of the replay may take before the check gives up (a day at REPLAY_SPEED 100 takes 15 min). */
  private static final Duration PATIENCE = Duration.ofHours(2);

  private final Path work;
  private final JsonObject json;
  private final Map<String, String> env;
  private final HttpClient http = HttpClient.newHttpClient();

  /** {@code json}: the configuration (defaults and file) the backtest side reads too; {@code env} over it. */
  LiveReplay(Path work, JsonObject json, Map<String, String> env) {
    this.work = work;
    this.json = json.copy();
    this.json.getJsonObject("analysis").put("seedAgents", false);
    this.env = env;
  }

  /** Replays {@code csvs} (kline CSVs) up to {@code to}, the agents trading from {@code from} on; their trades. */
  TradeList run(List<Path> csvs, List<Agent> agents, long from, long to, int speed) throws IOException {
    Map<String, List<String>> warm = new LinkedHashMap<>();
    Map<String, List<String>> window = new LinkedHashMap<>();
    for (Path csv : csvs) {
      List<String> rows = Files.readAllLines(csv).stream().filter(l -> !l.isBlank() && Character.isDigit(l.charAt(0)))
          .filter(l -> closeTime(l) <= to).toList();
      int first = 0;
      while (first < rows.size() && closeTime(rows.get(first)) < from) {
        first++;
      }
      warm.put(csv.getFileName().toString(), rows.subList(0, first));
      window.put(csv.getFileName().toString(), rows.subList(Math.max(0, first - OVERLAP), rows.size()));
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
      Mariposa warmer = start("warmer", Map.of("ROLES", "feed,http", "REPLAY_FILES", write("warm", warm),
          "REPLAY_SPEED", "0"), redis, mongo);
      try {
        waitFor("the warm-up bars cached", () -> replayed(warmer, csvs, warm));
        AgentRepository repository = new AgentRepository(warmer.services().mongo());
        for (Agent agent : agents) {
          repository.create(agent, System.currentTimeMillis()).await();
        }
      } finally {
        warmer.stop();
      }
      Mariposa node = start("live", Map.of("ROLES", "all", "REPLAY_FILES", write("window", window),
          "REPLAY_SPEED", Integer.toString(speed)), redis, mongo);
      try {
        waitFor("the window replayed", () -> replayed(node, csvs, window));
        AtomicReference<Map<String, List<TradeFill>>> seen = new AtomicReference<>(Map.of());
        waitFor("every order settled", () -> {
          boolean open = !node.services().mongo().client()
              .find("orders", new JsonObject().put("settled", new JsonObject().put("$ne", true))).await().isEmpty();
          Map<String, List<TradeFill>> now = fills(node, agents);
          boolean stable = !open && now.equals(seen.getAndSet(now));
          if (!stable) {
            pause(SETTLED_FOR.toMillis()); // a fill may still be on its way: unchanged for this long
          }
          return stable;
        });
        Map<String, BigDecimal> pnl = new TreeMap<>();
        AccountRepository accounts = new AccountRepository(node.services().mongo());
        for (Agent agent : agents) {
          pnl.put(agent.id(), accounts.get(agent.id(), BigDecimal.valueOf(agent.account().startingBalance())).await()
              .realizedTotal());
        }
        return new TradeList(seen.get(), pnl);
      } finally {
        node.stop();
      }
    }
  }

  private Mariposa start(String id, Map<String, String> role, EmbeddedRedis redis, EmbeddedMongo mongo) {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(role);
    all.put("INSTANCE_ID", "parity-" + id);
    all.put("MARKET_SOURCE", "replay");
    all.put("EXCHANGE", "paper");
    all.put("REDIS_URL", redis.url());
    all.put("MONGO_URL", mongo.connectionString());
    all.put("HTTP_HOST", "127.0.0.1");
    all.put("HTTP_PORT", "0");
    all.put("API_TOKENS", "parity-" + java.util.UUID.randomUUID()); // nobody else calls this instance
    all.put("DATA_DIR", work.resolve(id).toString());
    Mariposa instance = Mariposa.create(ConfigLoader.from(json, all)).withoutBanner();
    instance.start();
    return instance;
  }

  private String write(String name, Map<String, List<String>> files) throws IOException {
    List<String> paths = new ArrayList<>();
    for (Map.Entry<String, List<String>> file : files.entrySet()) {
      Path path = work.resolve(name).resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
      paths.add(path.toString());
    }
    return String.join(",", paths);
  }

  /** Every file's last bar is the newest of its symbol and interval in the instance's market cache. */
  private boolean replayed(Mariposa node, List<Path> csvs, Map<String, List<String>> rows) {
    for (Path csv : csvs) {
      List<String> bars = rows.get(csv.getFileName().toString());
      if (bars.isEmpty()) {
        continue;
      }
      String[] name = csv.getFileName().toString().split("-");
      String last = bars.get(bars.size() - 1).split(",")[0];
      if (!last.equals(lastKlineOpenTime(node, name[0], name[1]))) {
        return false;
      }
    }
    return true;
  }

  private String lastKlineOpenTime(Mariposa node, String symbol, String interval) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create(node.baseUrl() + "/api/market/" + symbol + "/klines?interval=" + interval + "&limit=1")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return "";
      }
      JsonArray klines = new JsonObject(response.body()).getJsonArray("klines");
      return klines == null || klines.isEmpty() ? ""
          : String.valueOf(klines.getJsonObject(klines.size() - 1).getLong("openTime"));
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static Map<String, List<TradeFill>> fills(Mariposa node, List<Agent> agents) {
    Map<String, List<TradeFill>> byAgent = new TreeMap<>();
    for (Agent agent : agents) {
      byAgent.put(agent.id(), node.services().mongo().client().find("fills", new JsonObject().put("agentId", agent.id()))
          .await().stream()
          .sorted(Comparator.comparingLong((JsonObject f) -> f.getLong("at")).thenComparing(f -> f.getString("_id")))
          .map(f -> new TradeFill(f.getLong("at"), f.getString("symbol"), f.getString("side").equals("BUY"),
              new BigDecimal(f.getString("quantity")), new BigDecimal(f.getString("price")), new BigDecimal(f.getString("fee")),
              f.getBoolean("swap", false)))
          .toList());
    }
    return byAgent;
  }

  private static long closeTime(String row) {
    return Long.parseLong(row.split(",")[6]);
  }

  /** Polls {@code condition} every 100 ms, for at most {@link #PATIENCE}. */
  private static void waitFor(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline || !pause(100)) {
        throw new IllegalStateException("the live replay did not finish: waiting for " + what);
      }
    }
  }

  /** Sleeps; false when interrupted. */
  private static boolean pause(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
