package dev.mariposa.market;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads cached market data for any instance: an in-process layer (Caffeine, bounded, a short TTL,
 * one load per key at a time however many ask) in front of Redis, where the feed leader writes.
 * Unknown symbols are cached as absent for the same short time. Thread-safe: one per verticle is
 * fine, one per process is better (shared L1).
 */
public final class MarketDataService {
  private final Vertx vertx;
  private final RedisConnections redis;
  private final JsonCache cache;
  private final MarketKeys keys;
  private final AsyncCache<String, Optional<JsonObject>> values;
  private final AsyncCache<String, List<JsonObject>> bars;
  private final Counter l1Hits;
  private final Counter l1Misses;
  private final Counter redisBarHits;
  private final Counter redisBarMisses;

  public MarketDataService(Vertx vertx, RedisConnections redis, JsonCache cache, RedisKeys keys, Duration l1Ttl,
                           MeterRegistry registry) {
    this.vertx = vertx;
    this.redis = redis;
    this.cache = cache;
    this.keys = new MarketKeys(keys);
    this.values = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(l1Ttl).buildAsync();
    this.bars = Caffeine.newBuilder().maximumSize(2_000).expireAfterWrite(l1Ttl).buildAsync();
    this.l1Hits = counter(registry, "process", "hit");
    this.l1Misses = counter(registry, "process", "miss");
    this.redisBarHits = counter(registry, "redis", "hit");
    this.redisBarMisses = counter(registry, "redis", "miss");
  }

  public Future<Optional<JsonObject>> ticker(String symbol) {
    return value(keys.ticker(symbol));
  }

  /** The top {@code depth} levels of the cached book. */
  public Future<Optional<JsonObject>> orderBook(String symbol, int depth) {
    return value(keys.book(symbol)).map(book -> book.map(b -> b.copy()
        .put("bids", top(b.getJsonArray("bids"), depth))
        .put("asks", top(b.getJsonArray("asks"), depth))));
  }

  /** Tickers of many symbols, in the order asked: the in-process hits, then one MGET for the rest. */
  public Future<Map<String, JsonObject>> tickers(List<String> symbols) {
    Map<String, Optional<JsonObject>> results = new java.util.HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String symbol : symbols) {
      var cached = values.getIfPresent(keys.ticker(symbol));
      if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
        l1Hits.increment();
        results.put(symbol, cached.join());
      } else {
        l1Misses.increment();
        missing.add(symbol);
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture(ordered(symbols, results));
    }
    return cache.getAll(missing.stream().map(keys::ticker).toList()).map(loaded -> {
      for (int i = 0; i < missing.size(); i++) {
        results.put(missing.get(i), loaded.get(i));
        values.put(keys.ticker(missing.get(i)), java.util.concurrent.CompletableFuture.completedFuture(loaded.get(i)));
      }
      return ordered(symbols, results);
    });
  }

  private static Map<String, JsonObject> ordered(List<String> symbols, Map<String, Optional<JsonObject>> results) {
    Map<String, JsonObject> ordered = new LinkedHashMap<>();
    symbols.forEach(s -> results.getOrDefault(s, Optional.empty()).ifPresent(t -> ordered.put(s, t)));
    return ordered;
  }

  /** The last {@code limit} bars, oldest first. */
  public Future<List<JsonObject>> klines(String symbol, String interval, int limit) {
    String key = keys.klines(symbol, interval);
    return load(bars, key + "#" + limit, () -> redis
        .send(Request.cmd(Command.ZRANGE).arg(key).arg(-limit).arg(-1))
        .map(this::decodeBars));
  }

  private List<JsonObject> decodeBars(Response response) {
    List<JsonObject> list = new ArrayList<>();
    if (response != null) {
      response.forEach(r -> list.add(new JsonObject(r.toBuffer())));
    }
    (list.isEmpty() ? redisBarMisses : redisBarHits).increment();
    return list;
  }

  private Future<Optional<JsonObject>> value(String key) {
    return load(values, key, () -> cache.get(key));
  }

  /** One load per key in this process at a time; the others wait for it. */
  private <T> Future<T> load(AsyncCache<String, T> cache, String key, Supplier<Future<T>> loader) {
    boolean[] loaded = {false};
    var future = cache.get(key, (k, executor) -> {
      loaded[0] = true;
      return loader.get().toCompletionStage().toCompletableFuture();
    });
    (loaded[0] ? l1Misses : l1Hits).increment();
    if (future.isDone() && !future.isCompletedExceptionally()) {
      return Future.succeededFuture(future.join()); // the hot path: no hop through the context
    }
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(future, context);
  }

  private static JsonArray top(JsonArray levels, int depth) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < Math.min(depth, levels.size()); i++) {
      out.add(levels.getValue(i));
    }
    return out;
  }

  private static Counter counter(MeterRegistry registry, String layer, String result) {
    return Counter.builder("mariposa.cache.requests").tag("layer", layer).tag("result", result)
        .description("Market data cache lookups per layer").register(registry);
  }
}
