package dev.mariposa.http;

import dev.mariposa.bus.InstanceRegistry;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.jobs.JobKeys;
import dev.mariposa.ops.InstanceFiguresVerticle;
import dev.mariposa.ops.RedisMemory;
import dev.mariposa.ops.TradingMode;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.signal.TradeStream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Optional;

/**
 * GET /api/system: the cluster's figures, summed over the live instances' reports (rates, cache
 * hits and misses per layer with their ratio, heap, reconnects; the worst event-loop lag and order
 * placement p99), with the queue depths read once from Redis, Redis's memory and keys per
 * namespace, whether real money trades and on which prices ({@link TradingMode}: the dashboard
 * shows its sentence), and each instance's own report.
 */
public final class SystemApi implements ApiRoutes {
  private final MariposaConfig config;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final JsonCache cache;
  private final InstanceRegistry registry;
  private final TradeStream stream;
  private final SignalQueue signals;
  private final RedisMemory memory;

  /** {@code stream} and {@code signals} give the queue depths; {@code memory} Redis's memory. */
  public SystemApi(MariposaConfig config, InstanceRegistry registry, TradeStream stream, SignalQueue signals,
                   RedisMemory memory, RedisConnections redis, RedisKeys keys, JsonCache cache) {
    this.config = config;
    this.registry = registry;
    this.stream = stream;
    this.signals = signals;
    this.memory = memory;
    this.redis = redis;
    this.keys = keys;
    this.cache = cache;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/system").handler(this::system);
  }

  private void system(RoutingContext ctx) {
    registry.live()
        .compose(instances -> cache.getAll(instances.stream()
            .map(i -> InstanceFiguresVerticle.key(keys, i.getString("id"))).toList()))
        .compose(reports -> queues().map(queues -> summary(reports, queues).put("trading",
            TradingMode.ofReports(reports.stream().flatMap(Optional::stream).toList(),
                TradingMode.money(config.exchange())).toJson())))
        .compose(summary -> redis().map(redis -> summary.put("redis", redis)))
        .onSuccess(ctx::json)
        .onFailure(t -> ApiError.send(ctx, t, "the system figures"));
  }

  /**
   * Redis's memory now (INFO memory: one command) and the keys per namespace as the last
   * redis-memory job counted them (SCAN is too long for a request), with when.
   */
  private Future<JsonObject> redis() {
    Future<JsonObject> info = memory.info();
    Future<Optional<JsonObject>> job = cache.get(JobKeys.status(keys, "redis-memory"));
    return Future.all(info, job).map(all -> {
      JsonObject out = info.result();
      job.result().map(status -> status.getJsonObject("lastRun")).filter(run -> run.containsKey("result"))
          .ifPresentOrElse(run -> out.put("keys", run.getJsonObject("result").getJsonObject("keys"))
                  .put("keysCountedAt", run.getLong("startedAt")),
              () -> out.putNull("keys").putNull("keysCountedAt"));
      return out;
    });
  }

  private Future<JsonObject> queues() {
    Future<Long> pending = signals.depth();
    Future<Long> processing = signals.inProcess();
    Future<Long> dead = redis.send(Request.cmd(Command.XLEN).arg(stream.deadLetterKey())).map(r -> r.toLong());
    return Future.all(pending, processing, stream.pending(), dead).map(all -> new JsonObject()
        .put("signalsPending", pending.result()).put("signalsProcessing", processing.result())
        .put("tradesPending", all.<Long>resultAt(2)).put("tradesDeadLettered", dead.result()));
  }

  private static JsonObject summary(List<Optional<JsonObject>> reports, JsonObject queues) {
    JsonObject rates = new JsonObject();
    JsonObject cache = new JsonObject();
    JsonArray instances = new JsonArray();
    long heapUsed = 0;
    long heapMax = 0;
    double reconnects = 0;
    long lag = 0;
    double orderP99 = 0;
    double feedLag = 0;
    for (Optional<JsonObject> found : reports) {
      if (found.isEmpty()) {
        continue; // alive but not reported yet
      }
      JsonObject r = found.get();
      instances.add(r);
      r.getJsonObject("ratesPerSecond", new JsonObject()).forEach(e ->
          rates.put(e.getKey(), rates.getDouble(e.getKey(), 0.0) + ((Number) e.getValue()).doubleValue()));
      r.getJsonObject("cache", new JsonObject()).forEach(e -> {
        JsonObject layer = cache.getJsonObject(e.getKey(), new JsonObject());
        ((JsonObject) e.getValue()).forEach(c -> layer.put(c.getKey(), layer.getDouble(c.getKey(), 0.0)
            + ((Number) c.getValue()).doubleValue()));
        cache.put(e.getKey(), layer);
      });
      heapUsed += r.getLong("heapUsedMb", 0L);
      heapMax += r.getLong("heapMaxMb", 0L);
      reconnects += r.getDouble("redisReconnects", 0.0);
      lag = Math.max(lag, r.getLong("eventLoopLagMs", 0L));
      orderP99 = Math.max(orderP99, r.getDouble("orderPlacementP99Ms", 0.0));
      feedLag = Math.max(feedLag, r.getDouble("feedLagP99Ms", 0.0));
    }
    cache.forEach(e -> {
      JsonObject layer = (JsonObject) e.getValue();
      double hits = layer.getDouble("hit", 0.0);
      double total = hits + layer.getDouble("miss", 0.0);
      layer.put("hitRatio", total == 0 ? null : hits / total);
    });
    return new JsonObject()
        .put("instances", instances.size())
        .put("ratesPerSecond", rates)
        .put("cache", cache)
        .put("queues", queues)
        .put("heapUsedMb", heapUsed).put("heapMaxMb", heapMax)
        .put("redisReconnects", reconnects)
        .put("maxEventLoopLagMs", lag)
        .put("maxOrderPlacementP99Ms", orderP99)
        .put("maxFeedLagP99Ms", feedLag)
        .put("byInstance", instances);
  }
}
