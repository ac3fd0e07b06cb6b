package dev.mariposa.jobs;

import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.exchange.Exchanges;
import dev.mariposa.exchange.VenueAccount;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.metrics.PerformanceService;
import dev.mariposa.ops.RedisMemory;
import dev.mariposa.reconcile.DiscrepancyRepository;
import dev.mariposa.reconcile.VenueReconciler;
import dev.mariposa.redis.KeySpace;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.store.MongoStore;
import dev.mariposa.trade.FillRepository;
import dev.mariposa.trade.LiveExecution;
import dev.mariposa.trade.OrderRepository;
import dev.mariposa.wiring.Services;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs every cluster runs: {@code health} (Redis, MongoDB, and the heap against
 * jobs.memoryAlertPct: above it, an alert on {@code jobs.memory} and a log line), {@code cleanup}
 * (signals and performance snapshots past their retention, instances long gone from the registry)
 * {@code performance-snapshot} (every agent's figures into MongoDB, the history behind charts) and
 * {@code cache-warmup} (tickers and recent bars of every traded symbol into the market cache) and
 * {@code order-reconciliation} (orders left unsettled anywhere in the cluster, every trade.reconcileMs) and
 * {@code venue-reconciliation} (the venue's open orders, fills and balances against MongoDB, every
 * reconciliation.intervalMs, at start and when the venue comes back from an outage).
 */
public final class BuiltInJobs {
  private static final Logger LOG = LoggerFactory.getLogger(BuiltInJobs.class);
  private static final long DAY = Duration.ofDays(1).toMillis();
  public static final String VENUE_RECONCILIATION = "venue-reconciliation";

  private BuiltInJobs() {}

  /** The jobs over the process's stores; {@code exchanges} settle the orders left unsettled. */
  public static List<Job> of(Vertx vertx, Services services, PerformanceService performance, Exchanges exchanges) {
    MariposaConfig.Jobs config = services.config().jobs();
    return List.of(
        Job.of("health", config.health(), () -> health(vertx, services, config)),
        Job.of("cleanup", config.cleanup(),
            () -> cleanup(services, config, services.clock().millis(), System.currentTimeMillis())),
        Job.of("performance-snapshot", config.snapshot(), () -> snapshot(services, performance, config)),
        Job.of("cache-warmup", config.warmup(), () -> warmup(services)),
        Job.of("order-reconciliation", services.config().trade().reconcile(),
            reconciliation(vertx, services, exchanges)),
        Job.of(VENUE_RECONCILIATION, services.config().reconciliation().interval(),
            venueReconciliation(vertx, services, exchanges)).alsoAtStart(),
        Job.of("redis-memory", config.redisMemory(), redisMemory(vertx, services)));
  }

  static Future<JsonObject> health(Vertx vertx, Services services, MariposaConfig.Jobs config) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    int usedPct = (int) (100 * heap.getUsed() / Math.max(1, max));
    JsonObject result = new JsonObject().put("heapUsedMb", heap.getUsed() >> 20).put("heapMaxMb", max >> 20)
        .put("heapUsedPct", usedPct);
    if (usedPct >= config.memoryAlertPct()) {
      LOG.warn("Memory alert: heap {}% used ({} of {} MB), the threshold is {}%", usedPct, heap.getUsed() >> 20,
          max >> 20, config.memoryAlertPct());
      vertx.eventBus().publish(Addresses.job("memory"), result.copy().put("alert", true).put("component", "heap")
          .put("instance", services.instanceId()).put("thresholdPct", config.memoryAlertPct()));
    }
    Future<Boolean> redis = services.redis().send(Request.cmd(Command.PING)).map(r -> true).otherwise(false);
    Future<Boolean> mongo = services.mongo().ping().map(v -> true).otherwise(false);
    return Future.all(redis, mongo).map(all -> result.put("redis", redis.result()).put("mongodb", mongo.result())
        .put("memoryAlert", usedPct >= config.memoryAlertPct()));
  }

  /**
   * Removes what is past its retention; returns how much of each. Signals and snapshots are
   * stamped in decision time ({@code now}, replayed in a replay), registry members in wall time.
   */
  static Future<JsonObject> cleanup(Services services, MariposaConfig.Jobs config, long now, long wallNow) {
    var mongo = services.mongo().client();
    Future<Long> signals = mongo.removeDocuments("signals", new JsonObject().put("createdAt",
        new JsonObject().put("$lt", now - config.signalRetentionDays() * DAY))).map(r -> r.getRemovedCount());
    Future<Long> snapshots = mongo.removeDocuments("performance_snapshots", new JsonObject().put("at",
        new JsonObject().put("$lt", now - config.snapshotRetentionDays() * DAY))).map(r -> r.getRemovedCount());
    // Registry members expire by score; their keys have TTLs: only the sorted set needs trimming.
    Future<Long> instances = services.redis().send(Request.cmd(Command.ZREMRANGEBYSCORE)
        .arg(services.keys().key("instances")).arg("-inf").arg(wallNow)).map(r -> r.toLong());
    Future<Long> unexpiring = sweepWithoutTtl(services, CACHE_PATTERNS);
    return Future.all(List.of(signals, snapshots, instances, unexpiring)).map(all -> new JsonObject()
        .put("signalsRemoved", signals.result()).put("snapshotsRemoved", snapshots.result())
        .put("instancesRemoved", instances.result()).put("cacheKeysWithoutTtlRemoved", unexpiring.result()));
  }

  /** Namespaces whose every key is written with a TTL: one without (a bug, a hand edit) would stay forever. */
  static final List<String> CACHE_PATTERNS = List.of("market:ticker:*", "market:book:*", "market:klines:*",
      "analysis:*", "perf:agent:*", "instance:*");

  /** SCAN (never KEYS; every master on a cluster) each pattern; UNLINK the keys that have no TTL; returns how many. */
  static Future<Long> sweepWithoutTtl(Services services, List<String> patterns) {
    KeySpace keySpace = new KeySpace(services.redis(), 500);
    long[] removed = {0};
    Future<Void> all = Future.succeededFuture();
    for (String pattern : patterns) {
      all = all.compose(v -> keySpace.scan(services.keys().pattern(pattern), page -> {
        List<Future<Long>> checked = page.stream().map(key -> services.redis().send(Request.cmd(Command.PTTL).arg(key))
            .compose(ttl -> ttl.toLong() == -1
                ? services.redis().send(Request.cmd(Command.UNLINK).arg(key)).map(Response::toLong)
                : Future.succeededFuture(0L))).toList();
        return Future.all(checked).onSuccess(done -> removed[0] += checked.stream().mapToLong(Future::result).sum());
      }));
    }
    return all.map(v -> removed[0]);
  }

  static Future<JsonObject> snapshot(Services services, PerformanceService performance, MariposaConfig.Jobs config) {
    // Wall time: one snapshot per agent and period of the job; each is stamped with the clock's time.
    long slot = System.currentTimeMillis() / config.snapshot().toMillis();
    return new AgentRepository(services.mongo()).all().compose(agents -> {
      List<Future<Void>> written = agents.stream()
          .map(agent -> performance.compute(agent).compose(figures -> performance.snapshot(figures, slot))).toList();
      return Future.all(written).map(done -> new JsonObject().put("agents", agents.size()));
    });
  }

  /**
   * Loads into the market cache what agents and the configuration will ask for: the tickers (one
   * MGET, which also marks the symbols wanted by the feed) and the last 100 1m bars of each symbol
   * (from Binance once for the cluster when Redis lacks them).
   */
  static Future<JsonObject> warmup(Services services) {
    return new AgentRepository(services.mongo()).all().compose(agents -> {
      Set<String> symbols = new TreeSet<>(services.config().market().symbols());
      agents.forEach(a -> symbols.addAll(a.symbols()));
      List<String> list = List.copyOf(symbols);
      Future<Map<String, JsonObject>> tickers = services.market().tickers(list);
      List<Future<List<JsonObject>>> bars = list.stream().map(s -> services.market().klines(s, "1m", 100)
          .otherwise(List.of())).toList();
      return Future.join(tickers, Future.all(bars)).map(done -> new JsonObject().put("symbols", list.size())
          .put("tickers", tickers.succeeded() ? tickers.result().size() : 0)
          .put("barSeries", bars.stream().filter(f -> f.succeeded() && !f.result().isEmpty()).count()));
    });
  }

  /**
   * Orders not settled and untouched for longer than the slowest handler, anywhere in the cluster:
   * looked up at their exchange by client order id and finished (placed only if the exchange does
   * not know them). The trade role also does this for itself at start and on its own timer.
   */
  static Supplier<Future<JsonObject>> reconciliation(Vertx vertx, Services services, Exchanges exchanges) {
    OrderRepository orders = new OrderRepository(services.mongo());
    AgentRepository agents = new AgentRepository(services.mongo());
    return () -> agents.all().compose(all -> {
      ExecutionEngine executor = executor(vertx, services, exchanges, all);
      return orders.unsettled(System.currentTimeMillis() - services.config().trade().claimIdle().toMillis(), 200)
          .compose(open -> {
            List<Future<JsonObject>> resumed = open.stream().map(executor::resume).toList();
            return Future.join(resumed).transform(ar -> Future.succeededFuture(new JsonObject()
                .put("unsettled", open.size())
                .put("settled", resumed.stream().filter(Future::succeeded).count())));
          });
    });
  }


  /** An engine that finishes orders as the trade role would, with the agents' starting balances. */
  private static ExecutionEngine executor(Vertx vertx, Services services, Exchanges exchanges, List<Agent> agents) {
    Map<String, BigDecimal> balances = new HashMap<>();
    agents.forEach(a -> balances.put(a.id(), BigDecimal.valueOf(a.account().startingBalance())));
    return LiveExecution.engine(vertx, LiveExecution.stores(services.mongo()),
        name -> exchanges.of("okx".equals(name) ? Agent.Exchange.OKX : Agent.Exchange.PAPER),
        id -> balances.getOrDefault(id, BigDecimal.valueOf(10_000)), services.registry(), services.clock());
  }

  /**
   * The OKX account's open orders, fills and balances against MongoDB ({@link VenueReconciler});
   * a run that says so when no venue is configured. (Any OKX connection of the process coming back
   * from an outage asks for a run at once: wired where the adapters are made, wiring/Verticles.)
   */
  static Supplier<Future<JsonObject>> venueReconciliation(Vertx vertx, Services services, Exchanges exchanges) {
    Optional<VenueAccount> venue = exchanges.venueAccount(Agent.Exchange.OKX);
    if (venue.isEmpty()) {
      return () -> Future.succeededFuture(new JsonObject().put("skipped", "no venue to reconcile with: EXCHANGE=paper"));
    }
    MongoStore mongo = services.mongo();
    AgentRepository agents = new AgentRepository(mongo);
    VenueReconciler.Stores stores = new VenueReconciler.Stores(new OrderRepository(mongo), new FillRepository(mongo),
        new AccountRepository(mongo), agents, new DiscrepancyRepository(mongo));
    VenueReconciler.Outlet outlet = new VenueReconciler.Outlet() {
      @Override
      public void discrepancy(JsonObject event) {
        vertx.eventBus().publish(Addresses.RECONCILIATION, event);
      }

      @Override
      public void agentHalted(String agentId) {
        vertx.eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject().put("id", agentId).put("change", "halted"));
      }
    };
    VenueReconciler reconciler = new VenueReconciler(venue.get(), Agent.Exchange.OKX, stores,
        all -> executor(vertx, services, exchanges, all), services.config().reconciliation(), outlet,
        System::currentTimeMillis);
    return reconciler::run;
  }

  /**
   * Redis's memory and what Mariposa keeps there without a TTL: trims the trade stream's
   * acknowledged entries and the symbols nobody wanted for feed.wantedIdleMs, then samples
   * INFO memory and the keys per namespace ({@link RedisMemory}); past jobs.redisMemoryAlertPct of
   * maxmemory, an alert on {@code jobs.memory} ({@code component: "redis"}) and a log line.
   */
  static Supplier<Future<JsonObject>> redisMemory(Vertx vertx, Services services) {
    RedisMemory memory = new RedisMemory(services.redis(), services.keys(), services.registry());
    TradeStream stream = new TradeStream(services.redis(), services.keys(), services.config().trade().streamMaxLength());
    int threshold = services.config().jobs().redisMemoryAlertPct();
    return () -> {
      long idleSince = System.currentTimeMillis() - services.config().feed().wantedIdle().toMillis();
      Future<Long> trades = stream.trimAcknowledged();
      Future<Long> wanted = services.redis().send(Request.cmd(Command.ZREMRANGEBYSCORE)
          .arg(new MarketKeys(services.keys()).wanted()).arg("-inf").arg("(" + idleSince)).map(r -> r.toLong());
      return Future.all(trades, wanted).compose(trimmed -> memory.sample()).map(sample -> {
        Double used = sample.getDouble("usedPct");
        boolean alert = used != null && used >= threshold;
        if (alert) {
          LOG.warn("Redis memory alert: {}% of maxmemory used ({} of {} bytes), the threshold is {}%", used,
              sample.getLong("usedMemoryBytes"), sample.getLong("maxmemoryBytes"), threshold);
          vertx.eventBus().publish(Addresses.job("memory"), new JsonObject().put("alert", true).put("component", "redis")
              .put("usedPct", used).put("usedMemoryBytes", sample.getLong("usedMemoryBytes"))
              .put("maxmemoryBytes", sample.getLong("maxmemoryBytes")).put("thresholdPct", threshold)
              .put("instance", services.instanceId()));
        }
        return sample.put("alert", alert).put("thresholdPct", threshold)
            .put("trimmed", new JsonObject().put("tradeStream", trades.result()).put("wantedSymbols", wanted.result()));
      });
    };
  }

  static List<String> names() {
    return List.of("health", "cleanup", "performance-snapshot", "cache-warmup", "order-reconciliation",
        VENUE_RECONCILIATION, "redis-memory");
  }
}
