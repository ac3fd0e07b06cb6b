package dev.mariposa.market;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.Ticker;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.ValueCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feed leader's writes of market data to Redis, with the TTLs of the cache table: ticker and
 * book as JSON values, bars in a sorted set per symbol and interval (the last 1000). Writes are
 * coalesced per key (latest wins) and flushed as one pipeline every {@value #FLUSH_MS} ms, so a
 * burst of hundreds of book updates costs one write. Runs on the feed verticle's context.
 */
final class MarketCacheWriter {
  static final long FLUSH_MS = 100;
  private static final int KEEP_BARS = 1000;
  private static final int MAX_PIPELINE = 1000;

  private final RedisConnections redis;
  private final MarketKeys keys;
  private final MariposaConfig.Cache ttl;
  private final ValueCodec codec;
  /** Closed bars also go to MongoDB; null when history.enabled is false. */
  private KlineHistoryWriter history;
  /** Per key (per bar for klines), the requests that write its latest value. */
  private final Map<String, List<Request>> pending = new LinkedHashMap<>();
  private final boolean perKeyBatches;
  private final Counter writes;
  private final Counter failures;
  private final Timer feedLag;
  private final long timer;
  private final Vertx vertx;
  private boolean inFlight;

  /** {@code perKeyBatches} on Redis Cluster, where one pipeline may not span slots. */
  MarketCacheWriter(Vertx vertx, RedisConnections redis, MarketKeys keys, MariposaConfig.Cache ttl, boolean perKeyBatches,
                    ValueCodec codec, MeterRegistry registry) {
    this.codec = codec;
    this.perKeyBatches = perKeyBatches;
    this.vertx = vertx;
    this.redis = redis;
    this.keys = keys;
    this.ttl = ttl;
    this.writes = Counter.builder("mariposa.market.cache.writes").description("Market values written to Redis").register(registry);
    this.feedLag = Timer.builder("mariposa.feed.lag").description("From the exchange's event time to its receipt here (live tickers)")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.failures = Counter.builder("mariposa.market.cache.write.failures")
        .description("Pipelines of market cache writes that failed (the next update rewrites the keys)").register(registry);
    this.timer = vertx.setPeriodic(FLUSH_MS, id -> flush());
  }

  /** Closed bars are written to MongoDB too, through {@code writer}. */
  MarketCacheWriter withHistory(KlineHistoryWriter writer) {
    this.history = writer;
    return this;
  }

  void ticker(String symbol, Ticker ticker) {
    long lag = ticker.receivedAt() - ticker.exchangeTime();
    if (lag >= 0 && lag < 60_000 && !"replay".equals(ticker.source())) { // a replay's times are history
      feedLag.record(lag, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    String key = keys.ticker(symbol);
    // Never compressed: the hottest, smallest value, read on every ticker request.
    pending.put(key, List.of(set(key, Buffer.buffer(ticker.encode()), ttl.tickerTtl())));
  }

  void book(String symbol, BookSnapshot book) {
    String key = keys.book(symbol);
    pending.put(key, List.of(set(key, codec.encode(Buffer.buffer(book.encode())), ttl.orderBookTtl())));
  }

  /** Replaces the bar with the same open time (a bar is updated until it closes); a closed bar goes to MongoDB too. */
  void kline(JsonObject bar) {
    if (history != null) {
      history.add(bar);
    }
    pending.put(barKey(bar), barWrites(bar));
  }

  /**
   * Bars from MongoDB put back into the cache (the feed leader's start): a bar the feed wrote
   * meanwhile is not replaced by its stored copy.
   */
  void warm(List<JsonObject> bars) {
    for (JsonObject bar : bars) {
      pending.putIfAbsent(barKey(bar), barWrites(bar));
    }
  }

  private String barKey(JsonObject bar) {
    return keys.klines(bar.getString("symbol"), bar.getString("interval")) + "@" + bar.getLong("openTime");
  }

  private List<Request> barWrites(JsonObject bar) {
    String interval = bar.getString("interval");
    String key = keys.klines(bar.getString("symbol"), interval);
    long openTime = bar.getLong("openTime");
    Duration keep = ttl.klineTtl().getOrDefault(interval, Duration.ofMinutes(30));
    List<Request> requests = new ArrayList<>(4);
    requests.add(Request.cmd(Command.ZREMRANGEBYSCORE).arg(key).arg(openTime).arg(openTime));
    requests.add(Request.cmd(Command.ZADD).arg(key).arg(openTime).arg(bar.encode()));
    requests.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-KEEP_BARS - 1));
    requests.add(Request.cmd(Command.PEXPIRE).arg(key).arg(keep.toMillis()));
    return requests;
  }

  /** Completes when the closed bars still pending are in MongoDB (the Redis writes are not awaited). */
  Future<Void> close() {
    vertx.cancelTimer(timer);
    flush();
    return history == null ? Future.succeededFuture() : history.close();
  }

  private void flush() {
    if (inFlight || pending.isEmpty()) {
      return;
    }
    List<List<Request>> batches = new ArrayList<>();
    if (perKeyBatches) {
      batches.addAll(pending.values());
    } else {
      // Pipelines of bounded size: the client refuses a batch larger than its waiting queue.
      List<Request> current = new ArrayList<>();
      for (List<Request> writes : pending.values()) {
        if (current.size() + writes.size() > MAX_PIPELINE) {
          batches.add(current);
          current = new ArrayList<>();
        }
        current.addAll(writes);
      }
      batches.add(current);
    }
    int values = pending.size();
    pending.clear();
    inFlight = true;
    // Lost writes are not retried: the next update rewrites the key within a tick.
    Future.join(batches.stream().map(redis::batch).toList()).onComplete(ar -> {
      inFlight = false;
      if (ar.succeeded()) {
        writes.increment(values);
      } else {
        failures.increment();
      }
    });
  }

  private static Request set(String key, Buffer value, Duration ttl) {
    return Request.cmd(Command.SET).arg(key).arg(value).arg("PX").arg(ttl.toMillis());
  }
}
