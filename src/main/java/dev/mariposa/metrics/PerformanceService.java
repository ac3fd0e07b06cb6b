package dev.mariposa.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mariposa.agent.Agent;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.redis.RedisState;
import dev.mariposa.store.MongoStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexModel;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Computes an agent's {@link Performance} from its fills in MongoDB and the live tickers, caches it
 * in {@code perf:agent:<id>} (cache.performanceTtlSeconds) and ranks it in the leaderboard, a
 * sorted set {@code perf:leaderboard} scored by return. Ties are broken by agent id (ascending)
 * when read, so the order never depends on Redis's own tie order. Snapshots go to the
 * {@code performance_snapshots} collection. Without Redis, figures and the board are computed from
 * MongoDB alone ({@link #compute}, {@link #leaderboardFromStore}).
 */
public final class PerformanceService {
  /** Fills read per agent at most: the figures of a very long history are those of its last fills. */
  static final int MAX_FILLS = 20_000;
  static final String SNAPSHOTS = "performance_snapshots";
  /** Fill ids heard and held per agent between refreshes, at most. */
  private static final int HEARD_KEPT = 1_000;
  /** Agents whose fills a refresh reads at once. */
  static final int FILL_READS_AT_ONCE = 8;
  /** Fills folded and held across refreshes, in all (a weight, not a count of agents). */
  private static final long HELD_FILLS = 1_000_000;

  /** The leaderboard row's decimals besides returnPct. */
  private static final List<String> ROW_DECIMALS = List.of("equity", "winRatePct", "maxDrawdownPct");

  private final MariposaConfig config;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final JsonCache cache;
  private final MongoStore mongo;
  private final MarketDataService market;
  private final InstantSource clock;
  private final String leaderboardKey;
  /** Each agent's fills folded, complete up to the count of fills its account had applied then. */
  private final Cache<String, FoldedAt> folds = Caffeine.newBuilder().maximumWeight(HELD_FILLS)
      .weigher((String id, FoldedAt f) -> 1 + f.folded().fills()).build();
  /** The ids of fills heard on {@code trade.<agentId>} and not folded yet, per agent. */
  private final Map<String, Set<String>> heard = new ConcurrentHashMap<>();

  private record FoldedAt(long applied, Performance.Folded folded) {}

  private final Counter heardReads;
  private final Counter wholeReads;

  /** {@code market} marks open positions; {@code clock} stamps the figures. */
  public PerformanceService(MariposaConfig config, RedisConnections redis, RedisKeys keys, JsonCache cache,
                            MongoStore mongo, MarketDataService market, InstantSource clock, MeterRegistry meters) {
    this.config = config;
    this.redis = redis;
    this.keys = keys;
    this.cache = cache;
    this.mongo = mongo;
    this.market = market;
    this.clock = clock;
    this.heardReads = fillReads(meters, "heard");
    this.wholeReads = fillReads(meters, "whole");
    this.leaderboardKey = keys.key("perf:", "leaderboard");
    mongo.declareIndexes(SNAPSHOTS, List.of(new IndexModel()
        .setKey(new JsonObject().put("agentId", 1).put("at", -1))));
  }

  /** Computes, caches and ranks one agent; returns its figures as JSON. */
  public Future<JsonObject> refresh(Agent agent) {
    return compute(agent).compose(figures -> store(agent, figures));
  }

  /**
   * A settled order heard on {@code trade.<agentId>}: its fills (stored before it was told) are
   * read by id at the next refresh and folded onto the agent's held figures, instead of all of the
   * agent's fills again.
   */
  public void heard(TradeEvent event) {
    if (event.fills().isEmpty()) {
      return;
    }
    JsonObject order = new JsonObject(event.orderJson());
    String agentId = order.getString("agentId");
    String clOrdId = order.getString("_id", order.getString("clOrdId")); // the fills' ids are "<_id>:<i>"
    if (agentId == null || clOrdId == null) {
      return;
    }
    Set<String> ids = heard.computeIfAbsent(agentId, id -> ConcurrentHashMap.newKeySet());
    if (ids.size() + event.fills().size() > HEARD_KEPT) {
      ids.clear(); // an agent not refreshed for that long is read whole at its next refresh
    }
    for (int i = 0; i < event.fills().size(); i++) {
      ids.add(clOrdId + ":" + i);
    }
  }

  /**
   * Refreshes every agent, the metrics role's periodic work: the count of fills each account has
   * applied, read in one query; an agent whose count moved since its fills were folded gets the
   * fills heard since ({@link #heard}) read by id and folded on, or, when they do not make up the
   * difference (an event missed, a fill still being written beside its account), all its fills
   * read and folded again, {@value #FILL_READS_AT_ONCE} agents at a time so that a refresh does not
   * crowd out the order path's writes; every agent marked at the live prices, cached and ranked.
   * Returns the figures of the agents refreshed.
   */
  public Future<List<JsonObject>> refreshAll(List<Agent> agents) {
    return appliedFills(agents).compose(applied -> {
      List<JsonObject> refreshed = new ArrayList<>();
      Future<Void> turns = Future.succeededFuture();
      for (int i = 0; i < agents.size(); i += FILL_READS_AT_ONCE) {
        List<Agent> turn = agents.subList(i, Math.min(agents.size(), i + FILL_READS_AT_ONCE));
        turns = turns.compose(v -> Future.join(turn.stream().map(agent -> foldedFills(agent, applied.getOrDefault(agent.id(), 0L))
                .compose(folded -> marked(agent, folded, redis.state() == RedisState.UP))
                .compose(figures -> store(agent, figures))
                .onSuccess(refreshed::add)).toList())
            .<Void>mapEmpty().otherwiseEmpty());
      }
      return turns.map(refreshed);
    });
  }

  /**
   * The agent's figures from MongoDB alone (the fills) and whatever marks the market cache still
   * gives (none while Redis is down: positions are then marked at their last fill price). The
   * fallback when Redis is unavailable; {@code source} says which.
   */
  public Future<JsonObject> compute(Agent agent) {
    return fills(agent).compose(fills -> marked(agent, Performance.fold(startingBalance(agent), fills),
        redis.state() == RedisState.UP));
  }

  private Future<JsonObject> store(Agent agent, JsonObject figures) {
    return redis.batch(List.of(
            Request.cmd(Command.SET).arg(key(agent.id())).arg(cache.codec().encode(figures))
                .arg("PX").arg(config.cache().performanceTtl().toMillis()),
            Request.cmd(Command.ZADD).arg(leaderboardKey).arg(returnPct(figures).toPlainString()).arg(agent.id())))
        .map(figures);
  }

  /** The agent's fills folded, when complete up to the {@code applied} fills of its account: held, held and heard, or read whole. */
  private Future<Performance.Folded> foldedFills(Agent agent, long applied) {
    FoldedAt held = folds.getIfPresent(agent.id());
    if (held != null && held.applied() == applied) {
      return Future.succeededFuture(held.folded());
    }
    List<String> news = List.copyOf(heard.getOrDefault(agent.id(), Set.of()));
    if (held == null || news.isEmpty() || held.applied() + news.size() != applied) {
      return everyFill(agent, applied);
    }
    heardReads.increment();
    return fillsById(news).compose(found -> {
      if (found.size() != news.size()) {
        return everyFill(agent, applied);
      }
      Performance.Folded folded = Performance.foldMore(held.folded(), found.stream().map(PerformanceService::fill).toList());
      folds.put(agent.id(), new FoldedAt(applied, folded));
      news.forEach(heard.get(agent.id())::remove);
      return Future.succeededFuture(folded);
    });
  }

  /** All the agent's fills folded; held when they are all its account applied (the newest may still be on its way). */
  private Future<Performance.Folded> everyFill(Agent agent, long applied) {
    wholeReads.increment();
    return fillDocuments(agent).map(documents -> {
      Performance.Folded folded = Performance.fold(startingBalance(agent), documents.stream().map(PerformanceService::fill).toList());
      Set<String> ids = heard.get(agent.id());
      if (ids != null) {
        documents.forEach(d -> ids.remove(d.getString("_id")));
      }
      if (documents.size() == applied || documents.size() == MAX_FILLS) {
        folds.put(agent.id(), new FoldedAt(applied, folded));
      }
      return folded;
    });
  }

  private static Counter fillReads(MeterRegistry meters, String kind) {
    return Counter.builder("mariposa.performance.fill.reads").tag("kind", kind)
        .description("Reads of an agent's fills for its figures: those heard since (by id), or all of them").register(meters);
  }

  /** Each agent's count of fills applied to its account (0: none yet), in one query. */
  private Future<Map<String, Long>> appliedFills(List<Agent> agents) {
    JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in",
        new JsonArray(agents.stream().map(Agent::id).toList())));
    return mongo.client().findWithOptions("accounts", query, new FindOptions().setFields(new JsonObject().put("trades", 1)))
        .map(documents -> documents.stream().collect(Collectors.toMap(d -> d.getString("_id"), d -> d.getLong("trades", 0L))));
  }

  /** Fills by id, in time order: one indexed read. */
  private Future<List<JsonObject>> fillsById(List<String> ids) {
    return mongo.client().findWithOptions("fills", new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(ids))),
        new FindOptions()).map(found -> found.stream()
            .sorted(Comparator.comparingLong((JsonObject f) -> f.getLong("at")).thenComparing(f -> f.getString("_id")))
            .toList());
  }

  private Future<List<TradeFill>> fills(Agent agent) {
    return fillDocuments(agent).map(documents -> documents.stream().map(PerformanceService::fill).toList());
  }

  private Future<List<JsonObject>> fillDocuments(Agent agent) {
    return mongo.client().findWithOptions("fills", new JsonObject().put("agentId", agent.id()),
        new FindOptions().setSort(new JsonObject().put("at", 1)).setLimit(MAX_FILLS));
  }

  private Future<JsonObject> marked(Agent agent, Performance.Folded folded, boolean withMarks) {
    Future<Map<String, JsonObject>> tickers = withMarks ? market.tickers(agent.symbols()).otherwise(Map.of())
        : Future.succeededFuture(Map.of());
    return tickers.map(found -> {
      // The exact mid: a double sum of the quotes would put binary noise into the figures.
      Map<String, BigDecimal> marks = found.entrySet().stream().filter(e -> JsonDecimals.mid(e.getValue()) != null)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> JsonDecimals.mid(e.getValue())));
      return Performance.marked(folded, marks).toJson()
          .put("agentId", agent.id()).put("name", agent.name()).put("at", clock.millis())
          .put("marked", !marks.isEmpty());
    });
  }

  private static BigDecimal startingBalance(Agent agent) {
    return BigDecimal.valueOf(agent.account().startingBalance());
  }

  /** The leaderboard computed from MongoDB (the fallback while Redis is down): same order, same rows. */
  public Future<JsonArray> leaderboardFromStore(List<Agent> agents, int limit) {
    List<Future<JsonObject>> all = agents.stream().map(this::compute).toList();
    return Future.all(all).map(done -> {
      List<JsonObject> figures = new ArrayList<>(all.stream().map(Future::result).toList());
      figures.sort(Comparator.comparing(PerformanceService::returnPct).reversed()
          .thenComparing(f -> f.getString("agentId")));
      JsonArray rows = new JsonArray();
      for (int i = 0; i < Math.min(limit, figures.size()); i++) {
        JsonObject f = figures.get(i);
        rows.add(row(i + 1, f.getString("agentId"), returnPct(f), Optional.of(f)));
      }
      return rows;
    });
  }

  /**
   * The board over a period: each agent ranked by its return since the period began, measured
   * from its first snapshot in the period (or its starting balance when it has none: a new agent)
   * to its current equity. Ties by id.
   */
  public Future<JsonArray> leaderboardSince(List<Agent> agents, long since, int limit) {
    List<Future<JsonObject>> rows = agents.stream().map(agent -> Future.all(
            cached(agent.id()).compose(c -> c.isPresent() ? Future.succeededFuture(c.get()) : compute(agent)),
            mongo.client().findWithOptions(SNAPSHOTS,
                new JsonObject().put("agentId", agent.id()).put("at", new JsonObject().put("$gte", since)),
                new FindOptions().setSort(new JsonObject().put("at", 1)).setLimit(1)))
        .map(both -> {
          JsonObject now = both.resultAt(0);
          List<JsonObject> first = both.resultAt(1);
          BigDecimal base = first.isEmpty() ? BigDecimal.valueOf(agent.account().startingBalance())
              : JsonDecimals.read(first.get(0).getValue("equity"));
          BigDecimal equity = JsonDecimals.read(now.getValue("equity"));
          BigDecimal pct = base.signum() == 0 ? BigDecimal.ZERO : equity.subtract(base).multiply(BigDecimal.valueOf(100))
              .divide(base, 4, java.math.RoundingMode.HALF_EVEN);
          return now.copy().put("periodReturnPct", pct);
        })).toList();
    return Future.all(rows).map(done -> {
      List<JsonObject> figures = new ArrayList<>(rows.stream().map(Future::result).toList());
      figures.sort(Comparator.<JsonObject, BigDecimal>comparing(f -> (BigDecimal) f.getValue("periodReturnPct")).reversed()
          .thenComparing(f -> f.getString("agentId")));
      JsonArray board = new JsonArray();
      for (int i = 0; i < Math.min(limit, figures.size()); i++) {
        JsonObject f = figures.get(i);
        board.add(row(i + 1, f.getString("agentId"), (BigDecimal) f.getValue("periodReturnPct"), Optional.of(f)));
      }
      return board;
    });
  }

  /** Writes one snapshot of the figures (without the curve) per agent and period: the history behind charts. */
  public Future<Void> snapshot(JsonObject figures, long slot) {
    JsonObject snapshot = figures.copy();
    snapshot.remove("equityCurve");
    snapshot.put("_id", figures.getString("agentId") + ":" + slot);
    return mongo.client().save(SNAPSHOTS, snapshot).mapEmpty();
  }

  /** The agent's latest snapshots, newest first. */
  public Future<List<JsonObject>> history(String agentId, int limit) {
    return mongo.client().findWithOptions(SNAPSHOTS, new JsonObject().put("agentId", agentId),
        new FindOptions().setSort(new JsonObject().put("at", -1)).setLimit(limit));
  }

  public Future<Optional<JsonObject>> cached(String agentId) {
    return cache.get(key(agentId));
  }

  /** The cached figures of these agents, in their order, in one read (MGET; a batch on a cluster). */
  public Future<List<Optional<JsonObject>>> cached(List<String> agentIds) {
    return cache.getAll(agentIds.stream().map(this::key).toList());
  }

  /** The best {@code limit} agents by return, ties by id; each with its cached figures when there are some. */
  public Future<JsonArray> leaderboard(int limit) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(leaderboardKey).arg(0).arg(-1).arg("WITHSCORES"))
        .compose(response -> {
          List<Map.Entry<String, Double>> ranked = entries(response);
          ranked.sort(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).reversed()
              .thenComparing(Map.Entry::getKey));
          List<Map.Entry<String, Double>> top = ranked.subList(0, Math.min(limit, ranked.size()));
          return cache.getAll(top.stream().map(e -> key(e.getKey())).toList()).map(figures -> {
            JsonArray rows = new JsonArray();
            for (int i = 0; i < top.size(); i++) {
              rows.add(row(i + 1, top.get(i).getKey(), BigDecimal.valueOf(top.get(i).getValue()), figures.get(i)));
            }
            return rows;
          });
        });
  }

  /** A row of the board: decimals as numbers (JsonDecimals), whether the figures come from a cache, MongoDB or now. */
  private static JsonObject row(int rank, String agentId, BigDecimal returnPct, Optional<JsonObject> figures) {
    JsonObject row = new JsonObject().put("rank", rank).put("agentId", agentId)
        .put("returnPct", JsonDecimals.number(returnPct));
    figures.ifPresent(f -> row.put("equity", f.getValue("equity")).put("name", f.getString("name"))
        .put("roundTrips", f.getInteger("roundTrips")).put("winRatePct", f.getValue("winRatePct"))
        .put("maxDrawdownPct", f.getValue("maxDrawdownPct")));
    return JsonDecimals.numbers(row, ROW_DECIMALS);
  }

  private static BigDecimal returnPct(JsonObject figures) {
    BigDecimal pct = JsonDecimals.read(figures.getValue("returnPct"));
    return pct == null ? BigDecimal.ZERO : pct;
  }

  /** Removes a deleted agent from the leaderboard, and what is held of its figures. */
  public Future<Void> forget(String agentId) {
    heard.remove(agentId);
    folds.invalidate(agentId);
    return redis.send(Request.cmd(Command.ZREM).arg(leaderboardKey).arg(agentId)).mapEmpty();
  }

  private String key(String agentId) {
    return keys.key("perf:", "agent", agentId);
  }

  private static List<Map.Entry<String, Double>> entries(Response response) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>();
    if (response == null) {
      return entries;
    }
    if (response.size() > 0 && response.get(0).size() == 2) { // RESP3: [[member, score], …]
      response.forEach(pair -> entries.add(Map.entry(pair.get(0).toString(), pair.get(1).toDouble())));
    } else {
      for (int i = 0; i + 1 < response.size(); i += 2) {
        entries.add(Map.entry(response.get(i).toString(), response.get(i + 1).toDouble()));
      }
    }
    return entries;
  }

  private static TradeFill fill(JsonObject f) {
    return new TradeFill(f.getLong("at"), f.getString("symbol"), "BUY".equals(f.getString("side")),
        JsonDecimals.read(f.getValue("quantity")), JsonDecimals.read(f.getValue("price")), JsonDecimals.read(f.getValue("fee")),
        f.getBoolean("swap", false), f.containsKey("funding") ? JsonDecimals.read(f.getValue("funding")) : BigDecimal.ZERO);
  }
}
