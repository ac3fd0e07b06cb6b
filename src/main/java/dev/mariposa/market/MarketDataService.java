package dev.mariposa.market;

import dev.mariposa.bus.Addresses;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.MarketEvent;
import dev.mariposa.events.Ticker;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.Lease;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * Reads cached market data for any instance, in three layers: in-process (Caffeine, bounded, a
 * short TTL, one load per key at a time however many ask), then Redis (where the feed leader
 * writes), then the exchange's REST API when a {@link MarketLoader} is given. A Redis miss goes to
 * the exchange once for the whole cluster: the loader holds a short lease on the key, loads,
 * writes Redis, and the other instances wait for that value. A symbol the exchange does not know
 * is remembered as unknown for a minute. The exchange stands behind the cache only while the
 * feed's prices come from it ({@link RunningSource}): after a synthetic fallback the cache answers
 * alone, as it does with MARKET_SOURCE=synthetic. Thread-safe: one per process (a shared first layer).
 */
public final class MarketDataService {
  private static final Duration LOAD_LEASE = Duration.ofSeconds(3);
  private static final Duration UNKNOWN_TTL = Duration.ofMinutes(1);
  private static final long STALE_SECONDS = 60;
  private static final Duration STALE_TTL = Duration.ofSeconds(STALE_SECONDS);

  private final Vertx vertx;
  private final RedisConnections redis;
  private final JsonCache cache;
  private final MarketKeys keys;
  private final AsyncCache<String, Optional<JsonObject>> values;
  private final AsyncCache<String, List<JsonObject>> bars;
  private final Optional<MarketLoader> loader;
  private final RunningSource source;
  private final Optional<KlineHistory> history;
  private final boolean cacheEnabled;
  private final LuaScripts scripts;
  private final RedisKeys redisKeys;
  private final Duration tickerTtl;
  private final Duration bookTtl;
  private final Counter exchangeLoads;
  private final Counter l1Hits;
  private final Counter l1Misses;
  private final Counter redisBarHits;
  private final Counter redisBarMisses;
  /**
   * The latest ticker or book heard on the event bus, by address: those asked for (all:
   * {@link #hearAllQuotes}), as published (a ticker stays a record until someone asks for it).
   */
  private final Map<String, Object> heard = new ConcurrentHashMap<>();
  private final Set<String> listening = ConcurrentHashMap.newKeySet();
  private volatile boolean hearsAllQuotes;
  /** Told the recorded time of each replayed ticker read from the cache: see {@link #reportReplayedTimes}. */
  private volatile ObjLongConsumer<String> replayedTimes = (symbol, time) -> { };

  public MarketDataService(Vertx vertx, RedisConnections redis, JsonCache cache, RedisKeys keys, LuaScripts scripts,
                           Optional<MarketLoader> loader, RunningSource source, Optional<KlineHistory> history,
                           MariposaConfig.Cache ttl, Duration l1Ttl, MeterRegistry registry) {
    this.vertx = vertx;
    this.source = source;
    this.history = history;
    this.cacheEnabled = ttl.enabled();
    this.loader = loader;
    this.scripts = scripts;
    this.redisKeys = keys;
    this.tickerTtl = ttl.tickerTtl();
    this.bookTtl = ttl.orderBookTtl();
    this.exchangeLoads = Counter.builder("mariposa.cache.requests").tag("layer", "exchange").tag("result", "load")
        .description("Market data cache lookups per layer").register(registry);
    this.redis = redis;
    this.cache = cache;
    this.keys = new MarketKeys(keys);
    this.values = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(l1Ttl).buildAsync();
    this.bars = Caffeine.newBuilder().maximumSize(2_000).expireAfterWrite(l1Ttl).buildAsync();
    this.l1Hits = counter(registry, "process", "hit");
    this.l1Misses = counter(registry, "process", "miss");
    this.redisBarHits = counter(registry, "redis", "hit");
    this.redisBarMisses = counter(registry, "redis", "miss");
    // Other instances' feeds announce their fallbacks there (and this one's own arrives too).
    vertx.eventBus().<JsonObject>consumer(Addresses.SYSTEM_STATUS, m -> source.hear(m.body()));
  }

  /** What the market feed actually publishes (set by this process's feed, or heard from others). */
  public RunningSource source() {
    return source;
  }

  /** The exchange behind the cache, while the feed's prices come from it. */
  private Optional<MarketLoader> exchange() {
    return source.exchangeBehind() ? loader : Optional.empty();
  }

  /**
   * The newest ticker this process knows: the one heard on the event bus (where the feed publishes
   * at once, before its next cache flush) or the cached one. For decisions on the price of now:
   * the risk gate's sizing, the paper exchange's fills, the analysis of a close.
   */
  public Future<Optional<JsonObject>> latestTicker(String symbol) {
    return latest(Addresses.ticker(symbol), ticker(symbol));
  }

  /**
   * {@link #latestTicker} as the record the risk path decides on: the one heard on the event bus
   * as published, or the cached body read once into the record (with its stale mark).
   */
  public Future<Optional<LatestTicker>> latestTickerRecord(String symbol) {
    String address = Addresses.ticker(symbol);
    listen(address);
    return ticker(symbol).map(cached -> {
      Optional<LatestTicker> stored = cached.map(LatestTicker::fromJson);
      Object heardLast = heard.get(address);
      if (heardLast == null) {
        return stored;
      }
      // The feed and the bridge deliver the record itself; a body published as JSON is read into it.
      LatestTicker live = heardLast instanceof Ticker ticker ? LatestTicker.of(ticker)
          : LatestTicker.fromJson((JsonObject) heardLast);
      return Optional.of(stored.filter(s -> time(live.ticker()) <= time(s.ticker())).orElse(live));
    });
  }

  /** The newest book this process knows (see {@link #latestTicker}), top {@code depth} levels. */
  public Future<Optional<BookSnapshot>> latestOrderBook(String symbol, int depth) {
    String address = Addresses.book(symbol);
    listen(address);
    return orderBook(symbol, depth).map(cached -> {
      // The heard book stays the record it was published as: no JSON on the way to the matcher.
      Optional<BookSnapshot> live = Optional.ofNullable(heard.get(address)).map(MarketDataService::book);
      Optional<BookSnapshot> stored = cached.map(BookSnapshot::fromJson);
      return live.isEmpty() ? stored : Optional.of(stored.map(s -> newer(s, live.get())).orElse(live.get()));
    }).map(book -> book.map(b -> b.top(depth)));
  }

  private static BookSnapshot book(Object heard) {
    return heard instanceof BookSnapshot book ? book : BookSnapshot.fromJson((JsonObject) heard);
  }

  /**
   * Hears every ticker and book published or bridged into this process from now on, as it passes,
   * instead of from a first ask on. For a replay: its clock moves a bar at a time with these very
   * events, so a first decision must not find the cache (flushed a moment later) a bar behind it.
   */
  public void hearAllQuotes() {
    String tickers = Addresses.ticker("");
    String books = Addresses.book("");
    hearsAllQuotes = true;
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      String address = delivery.message().address();
      if (address.startsWith(tickers) || address.startsWith(books)) {
        if (delivery.body() instanceof Ticker ticker) {
          heard.merge(address, ticker, MarketDataService::newer); // immutable: no copy needed
        } else if (delivery.body() instanceof BookSnapshot book) {
          heard.merge(address, book, MarketDataService::newer); // immutable too
        } else if (delivery.body() instanceof JsonObject quote) {
          heard.merge(address, quote.copy(), MarketDataService::newer); // a copy: the publisher's object is not ours
        }
      }
      delivery.next();
    });
  }

  /**
   * Tells {@code clock} the recorded time of every replayed ticker this process reads from the
   * cache, not only of those it hears: an instance that has heard no market event yet (it has just
   * started, the feed runs elsewhere) still decides at the replayed time of the quote it reads,
   * never at 0 (an API signal stamped 1970 would expire before it was taken).
   */
  public void reportReplayedTimes(ObjLongConsumer<String> clock) {
    this.replayedTimes = clock;
  }

  private Optional<JsonObject> reportTime(String symbol, Optional<JsonObject> ticker) {
    ticker.filter(t -> "replay".equals(t.getString("source")) && t.getValue("receivedAt") instanceof Number)
        .ifPresent(t -> replayedTimes.accept(symbol, t.getLong("receivedAt")));
    return ticker;
  }

  /** Listens to the address from the first ask on, then answers the newer of what it heard and {@code cached}. */
  private Future<Optional<JsonObject>> latest(String address, Future<Optional<JsonObject>> cached) {
    listen(address);
    return cached.map(value -> {
      Object heardLast = heard.get(address);
      JsonObject live = heardLast == null ? null : (JsonObject) MarketEvent.json(heardLast);
      return live == null ? value : Optional.of(value.map(v -> newer(v, live)).orElse(live));
    });
  }

  /** Hears the address from the first ask on (unless every quote is heard already). */
  private void listen(String address) {
    if (!hearsAllQuotes && listening.add(address)) {
      vertx.eventBus().consumer(address, m -> heard.merge(address, m.body(), MarketDataService::newer));
    }
  }

  private static <T> T newer(T a, T b) {
    return time(b) > time(a) ? b : a;
  }

  private static long time(Object value) {
    // A replay's receivedAt orders it: its recorded time, later on each pass of a loop.
    if (value instanceof Ticker ticker) {
      return "replay".equals(ticker.source()) ? ticker.receivedAt() : ticker.exchangeTime();
    }
    if (value instanceof BookSnapshot book) {
      return "replay".equals(book.source()) ? book.receivedAt() : book.exchangeTime();
    }
    JsonObject json = (JsonObject) value;
    return "replay".equals(json.getString("source")) ? json.getLong("receivedAt", 0L)
        : json.getLong("exchangeTime", json.getLong("receivedAt", 0L));
  }

  public Future<Optional<JsonObject>> ticker(String symbol) {
    return value(symbol, keys.ticker(symbol), tickerTtl, l -> l.ticker(symbol)).map(t -> reportTime(symbol, t));
  }

  /** The top {@code depth} levels of the cached book. */
  public Future<Optional<JsonObject>> orderBook(String symbol, int depth) {
    return value(symbol, keys.book(symbol), bookTtl, l -> l.orderBook(symbol)).map(book -> book.map(b -> b.copy()
        .put("bids", top(b.getJsonArray("bids"), depth))
        .put("asks", top(b.getJsonArray("asks"), depth))));
  }

  /** Tickers of many symbols, in the order asked: the in-process hits, then one MGET for the rest. */
  public Future<Map<String, JsonObject>> tickers(List<String> symbols) {
    Map<String, Optional<JsonObject>> results = new HashMap<>();
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
        values.put(keys.ticker(missing.get(i)), CompletableFuture.completedFuture(loaded.get(i)));
      }
      return ordered(symbols, results);
    });
  }

  private Map<String, JsonObject> ordered(List<String> symbols, Map<String, Optional<JsonObject>> results) {
    results.forEach(this::reportTime);
    Map<String, JsonObject> ordered = new LinkedHashMap<>();
    symbols.forEach(s -> results.getOrDefault(s, Optional.empty()).ifPresent(t -> ordered.put(s, t)));
    return ordered;
  }

  /** The kline store (MongoDB), when history.enabled. */
  public Optional<KlineHistory> history() {
    return history;
  }

  /** The last {@code limit} bars, oldest first. */
  public Future<List<JsonObject>> klines(String symbol, String interval, int limit) {
    return klines(symbol, interval, limit, null, null);
  }

  /**
   * Up to {@code limit} bars, oldest first, as Binance answers: from {@code start} on (the oldest
   * of the range) when it is given, else the newest up to {@code end} (open times, inclusive; null:
   * open). Recent bars come from the cache, older ones from MongoDB (see {@link KlineReads}).
   */
  public Future<List<JsonObject>> klines(String symbol, String interval, int limit, Long start, Long end) {
    if (!cacheEnabled && history.isPresent()) {
      return history.get().range(symbol, interval, start, end, limit, start == null);
    }
    String key = keys.klines(symbol, interval);
    KlineReads reads = new KlineReads(redis, history, key, symbol, interval, limit, start, end);
    // Bars from the exchange are shared in-process only: the feed leader keeps Redis's sets.
    return load(bars, key + "#" + limit + "#" + start + "#" + end, () -> reads.read()
        .onSuccess(found -> (reads.cachedCount() == 0 ? redisBarMisses : redisBarHits).increment())
        // The latest bars with a hole (the feed was down) or too few: the exchange has them all.
        .compose(found -> (found.size() >= limit && KlineReads.contiguous(found, interval)) || exchange().isEmpty()
            || start != null || end != null
            ? Future.succeededFuture(found)
            : barsFromVenue(symbol, interval, limit, found)));
  }

  /**
   * The venue's last {@code limit} bars, else those found: when it does not list the symbol (then
   * remembered as unknown, like a ticker's miss), or fails while some were found (the bars there
   * are beat an error). It fails, naming the venue, only when nothing was found.
   */
  private Future<List<JsonObject>> barsFromVenue(String symbol, String interval, int limit, List<JsonObject> found) {
    String unknown = keys.unknown(symbol);
    return cache.get(unknown).compose(marker -> marker.isPresent() ? Future.succeededFuture(found)
        : exchange().get().klines(symbol, interval, limit)
            .map(loaded -> loaded.isEmpty() ? found : loaded)
            .recover(t -> {
              if (t instanceof MarketLoader.UnknownSymbol) {
                return cache.put(unknown, new JsonObject().put("symbol", symbol), UNKNOWN_TTL).map(found);
              }
              return found.isEmpty() ? Future.failedFuture(t) : Future.succeededFuture(found);
            }));
  }

  /** The venue the last layer loads from ("Binance"), when there is one. */
  public Optional<String> venue() {
    return loader.map(MarketLoader::venue);
  }

  /** Whether the venue said, within the last minute, that it does not list {@code symbol}. */
  public Future<Boolean> unknownToVenue(String symbol) {
    return exchange().isEmpty() ? Future.succeededFuture(false) : cache.get(keys.unknown(symbol)).map(Optional::isPresent);
  }

  private Future<Optional<JsonObject>> value(String symbol, String key, Duration ttl,
                                            Function<MarketLoader, Future<Optional<JsonObject>>> fromExchange) {
    return load(values, key, () -> cache.get(key).compose(found -> found.isPresent() || exchange().isEmpty()
            ? Future.succeededFuture(found)
            : staleWhileRevalidate(symbol, key, ttl, fromExchange))
        .onSuccess(found -> found.ifPresent(v -> markWanted(symbol))));
  }

  /**
   * The fresh value expired: answer at once with the last one loaded (marked {@code "stale":true},
   * kept {@value #STALE_SECONDS} s) while one instance of the cluster loads a new one; without a
   * stale copy, wait for that load.
   */
  private Future<Optional<JsonObject>> staleWhileRevalidate(String symbol, String key, Duration ttl,
                                                            Function<MarketLoader, Future<Optional<JsonObject>>> fromExchange) {
    return cache.get(keys.stale(key)).compose(stale -> {
      if (stale.isEmpty()) {
        return fromExchangeOnce(symbol, key, ttl, fromExchange);
      }
      fromExchangeOnce(symbol, key, ttl, fromExchange); // revalidate in the background
      return Future.succeededFuture(Optional.of(stale.get().copy().put("stale", true)));
    });
  }

  /**
   * Someone wants this symbol: the feed leaders read the set and feed it (demand-driven). Written
   * on in-process misses only, so at most a few times a second per symbol and instance.
   */
  private void markWanted(String symbol) {
    if (exchange().isPresent()) {
      redis.send(Request.cmd(Command.ZADD).arg(keys.wanted()).arg(System.currentTimeMillis()).arg(symbol));
    }
  }

  /**
   * Marks symbols wanted for a while (an agent trades them): the feed leaders feed them until
   * nobody has wanted them for feed.wantedIdleMs.
   */
  public Future<Void> want(Collection<String> symbols) {
    if (symbols.isEmpty()) {
      return Future.succeededFuture();
    }
    Request zadd = Request.cmd(Command.ZADD).arg(keys.wanted());
    String now = Long.toString(System.currentTimeMillis());
    symbols.forEach(symbol -> zadd.arg(now).arg(symbol));
    return redis.send(zadd).mapEmpty();
  }

  /** One instance loads from the exchange and writes Redis; the others wait for its value. */
  private Future<Optional<JsonObject>> fromExchangeOnce(String symbol, String key, Duration ttl,
                                                        Function<MarketLoader, Future<Optional<JsonObject>>> fromExchange) {
    String unknown = keys.unknown(symbol);
    return cache.get(unknown).compose(marker -> {
      if (marker.isPresent()) {
        return Future.succeededFuture(Optional.<JsonObject>empty());
      }
      return Lease.tryAcquire(redis, scripts, redisKeys, "load:" + key, LOAD_LEASE).compose(lease -> {
        if (lease.isEmpty()) {
          return awaitValue(key, System.currentTimeMillis() + LOAD_LEASE.toMillis());
        }
        exchangeLoads.increment();
        return fromExchange.apply(loader.get())
            .compose(value -> (value.isPresent()
                ? Future.all(cache.put(key, value.get(), ttl), cache.put(keys.stale(key), value.get(), STALE_TTL)).mapEmpty()
                : cache.put(unknown, new JsonObject().put("symbol", symbol), UNKNOWN_TTL)).map(value))
            .eventually(() -> lease.get().release());
      });
    });
  }

  /** Another instance is loading this key: wait for it to land in Redis (bounded). */
  private Future<Optional<JsonObject>> awaitValue(String key, long deadline) {
    return cache.get(key).compose(found -> {
      if (found.isPresent() || System.currentTimeMillis() >= deadline) {
        return Future.succeededFuture(found);
      }
      Promise<Optional<JsonObject>> later = Promise.promise();
      vertx.setTimer(25, id -> awaitValue(key, deadline).onComplete(later));
      return later.future();
    });
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
