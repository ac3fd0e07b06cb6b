package dev.mariposa.analysis;

import dev.mariposa.redis.Claims;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Analysis results in Redis: per (agent, symbol, bar) and the latest per (agent, symbol), both with
 * the analysis TTL; the per-bar claim that lets one instance of the cluster analyse each bar close;
 * and the keys of the LLM answer cache.
 */
public final class AnalysisStore {
  private final RedisConnections redis;
  private final JsonCache cache;
  private final RedisKeys keys;
  private final Duration ttl;

  public AnalysisStore(RedisConnections redis, JsonCache cache, RedisKeys keys, Duration ttl) {
    this.redis = redis;
    this.cache = cache;
    this.keys = keys;
    this.ttl = ttl;
  }

  public String latestKey(String agentId, String symbol) {
    return keys.key("analysis:", agentId, symbol);
  }

  public String barKey(String agentId, String symbol, String interval, long openTime) {
    return keys.key("analysis:", agentId, symbol, interval, Long.toString(openTime));
  }

  public String llmAnswerKey(String model, String promptHash) {
    return keys.key("analysis:", "llm", model, promptHash);
  }

  /** True for the one caller of the cluster that gets to analyse this bar (or tick slot). */
  Future<Boolean> claim(SeriesKey series, String slot, Duration hold) {
    String key = keys.key("analysis:", "claim", series.symbol(), series.interval(), slot);
    return Claims.once(redis, key, "1", hold);
  }

  /** Writes each result as its bar's and as the latest, in one pipelined batch. */
  Future<Void> saveAll(List<JsonObject> results, boolean perBar) {
    List<Request> writes = new ArrayList<>(results.size() * 2);
    String px = Long.toString(ttl.toMillis());
    for (JsonObject result : results) {
      var bytes = cache.codec().encode(result); // large results compressed, as JsonCache reads them
      String agent = result.getString("agentId");
      String symbol = result.getString("symbol");
      writes.add(Request.cmd(Command.SET).arg(latestKey(agent, symbol)).arg(bytes).arg("PX").arg(px));
      if (perBar) {
        writes.add(Request.cmd(Command.SET).arg(barKey(agent, symbol, result.getString("interval"), result.getLong("barOpenTime")))
            .arg(bytes).arg("PX").arg(px));
      }
    }
    return writes.isEmpty() ? Future.succeededFuture() : redis.batch(writes).mapEmpty();
  }

  /** The latest result per symbol, for the symbols that have one (in the order asked). */
  public Future<Map<String, JsonObject>> latest(String agentId, List<String> symbols) {
    return cache.getAll(symbols.stream().map(s -> latestKey(agentId, s)).toList()).map(found -> {
      Map<String, JsonObject> results = new LinkedHashMap<>();
      for (int i = 0; i < symbols.size(); i++) {
        Optional<JsonObject> result = found.get(i);
        int index = i;
        result.ifPresent(r -> results.put(symbols.get(index), r));
      }
      return results;
    });
  }
}
