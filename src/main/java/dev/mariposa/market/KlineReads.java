package dev.mariposa.market;

import dev.mariposa.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One read of bars across both stores: the cache (a sorted set per series, the last 1000 bars,
 * the bar in progress included) and MongoDB (the closed bars, {@link KlineHistory}). The cache
 * answers alone when its bars are contiguous (one interval apart) and cover the request: from a
 * start time, a first bar at that start (the window then runs to the limit or the newest bar);
 * otherwise {@code limit} bars. Otherwise the same range is
 * read from MongoDB too and the two are merged by open time, the cache's version of a bar winning
 * (it may be newer: the bar in progress), so a range that spans both stores comes back without
 * duplicates, and without gaps where either store has the bar. One Redis command, plus one MongoDB
 * query only when the cache falls short.
 */
final class KlineReads {
  private final RedisConnections redis;
  private final Optional<KlineHistory> history;
  private final String key;
  private final String symbol;
  private final String interval;
  private final long length;
  private final int limit;
  private final Long start;
  private final Long end;
  private int cached;

  KlineReads(RedisConnections redis, Optional<KlineHistory> history, String key, String symbol, String interval, int limit,
             Long start, Long end) {
    this.redis = redis;
    this.history = history;
    this.key = key;
    this.symbol = symbol;
    this.interval = interval;
    this.length = Kline.intervalLength(interval).map(Duration::toMillis).orElse(60_000L);
    this.limit = limit;
    this.start = start;
    this.end = end;
  }

  /** How many bars the cache gave (known once {@link #read()} completed). */
  int cachedCount() {
    return cached;
  }

  /** The bars asked for, oldest first. */
  Future<List<JsonObject>> read() {
    String upper = end == null ? "+inf" : Long.toString(end);
    Request window = start != null
        ? Request.cmd(Command.ZRANGEBYSCORE).arg(key).arg(start).arg(upper).arg("LIMIT").arg(0).arg(limit)
        : Request.cmd(Command.ZREVRANGEBYSCORE).arg(key).arg(upper).arg("-inf").arg("LIMIT").arg(0).arg(limit);
    return redis.send(window).compose(reply -> {
      List<JsonObject> fromCache = bars(reply);
      if (start == null) {
        Collections.reverse(fromCache);
      }
      cached = fromCache.size();
      if (history.isEmpty() || covers(fromCache)) {
        return Future.succeededFuture(fromCache);
      }
      return history.get().range(symbol, interval, start, end, limit, start == null)
          .map(stored -> merge(stored, fromCache));
    });
  }

  /** The cache alone answers: contiguous, and from a start, starting there; else {@code limit} bars. */
  boolean covers(List<JsonObject> bars) {
    if (bars.isEmpty() || !contiguous(bars, length)) {
      return false;
    }
    return start != null ? bars.get(0).getLong("openTime") < start + length : bars.size() >= limit;
  }

  /** Each bar opens one interval after the one before. */
  static boolean contiguous(List<JsonObject> bars, String interval) {
    return contiguous(bars, Kline.intervalLength(interval).map(Duration::toMillis).orElse(60_000L));
  }

  private static boolean contiguous(List<JsonObject> bars, long length) {
    for (int i = 1; i < bars.size(); i++) {
      if (bars.get(i).getLong("openTime") - bars.get(i - 1).getLong("openTime") != length) {
        return false;
      }
    }
    return true;
  }

  private List<JsonObject> merge(List<JsonObject> stored, List<JsonObject> fromCache) {
    TreeMap<Long, JsonObject> byOpenTime = new TreeMap<>();
    stored.forEach(bar -> byOpenTime.put(bar.getLong("openTime"), bar));
    fromCache.forEach(bar -> byOpenTime.put(bar.getLong("openTime"), bar));
    List<JsonObject> all = new ArrayList<>(byOpenTime.values());
    if (all.size() <= limit) {
      return all;
    }
    return new ArrayList<>(start != null ? all.subList(0, limit) : all.subList(all.size() - limit, all.size()));
  }

  private static List<JsonObject> bars(Response response) {
    List<JsonObject> list = new ArrayList<>();
    if (response != null) {
      response.forEach(r -> list.add(new JsonObject(r.toBuffer())));
    }
    return list;
  }
}
