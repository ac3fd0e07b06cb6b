package dev.mariposa.ops;

import dev.mariposa.redis.KeySpace;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Mariposa costs Redis: {@code INFO memory} (used memory, its peak, maxmemory, the share used)
 * and the number of keys per namespace under the prefix ({@code market}, {@code analysis},
 * {@code queue} …: the first segment after the prefix), counted with SCAN, never KEYS. With a
 * registry, the last sample is exported as gauges: {@code mariposa_redis_memory_used_bytes},
 * {@code mariposa_redis_memory_max_bytes} and {@code mariposa_redis_keys{namespace}}. On Redis
 * Cluster the keys of every master are counted; the memory figures are those of the node that
 * answers INFO.
 */
public final class RedisMemory {
  private static final int SCAN_COUNT = 1000;

  private final RedisConnections redis;
  private final RedisKeys keys;
  private final MeterRegistry registry;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong max = new AtomicLong();
  private final Map<String, AtomicLong> perNamespace = new ConcurrentHashMap<>();

  public RedisMemory(RedisConnections redis, RedisKeys keys, MeterRegistry registry) {
    this.redis = redis;
    this.keys = keys;
    this.registry = registry;
    if (registry != null) {
      Gauge.builder("mariposa.redis.memory.used", used, AtomicLong::doubleValue).baseUnit("bytes")
          .description("Redis used_memory at the last sample (INFO memory)").register(registry);
      Gauge.builder("mariposa.redis.memory.max", max, AtomicLong::doubleValue).baseUnit("bytes")
          .description("Redis maxmemory (0: no limit) at the last sample").register(registry);
    }
  }

  /** {@code {usedMemoryBytes, usedMemoryPeakBytes, maxmemoryBytes, usedPct (null without maxmemory), fragmentationRatio}}. */
  public Future<JsonObject> info() {
    return redis.send(Request.cmd(Command.INFO).arg("memory")).map(reply -> {
      Map<String, String> fields = new TreeMap<>();
      for (String line : reply.toString().split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.startsWith("#")) {
          fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
      }
      long usedBytes = parse(fields.get("used_memory"));
      long maxBytes = parse(fields.get("maxmemory"));
      used.set(usedBytes);
      max.set(maxBytes);
      return new JsonObject()
          .put("usedMemoryBytes", usedBytes)
          .put("usedMemoryPeakBytes", parse(fields.get("used_memory_peak")))
          .put("maxmemoryBytes", maxBytes)
          .put("usedPct", maxBytes > 0 ? Math.round(10_000.0 * usedBytes / maxBytes) / 100.0 : null)
          .put("fragmentationRatio", fields.containsKey("mem_fragmentation_ratio")
              ? Double.parseDouble(fields.get("mem_fragmentation_ratio")) : null);
    });
  }

  /** Keys under the prefix per namespace, e.g. {@code {"market": 12, "queue": 5, "total": 17}}. */
  public Future<JsonObject> keyCounts() {
    Map<String, Long> counts = new TreeMap<>();
    return new KeySpace(redis, SCAN_COUNT).scan(keys.pattern("*"), page -> {
      page.forEach(key -> counts.merge(namespace(keys.strip(key)), 1L, Long::sum));
      return Future.succeededFuture();
    }).map(v -> {
      JsonObject out = new JsonObject();
      long total = 0;
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        out.put(e.getKey(), e.getValue());
        total += e.getValue();
        if (registry != null) {
          perNamespace.computeIfAbsent(e.getKey(), ns -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("mariposa.redis.keys", holder, AtomicLong::doubleValue).tag("namespace", ns)
                .description("Keys under the prefix per namespace at the last sample (SCAN)").register(registry);
            return holder;
          }).set(e.getValue());
        }
      }
      perNamespace.forEach((ns, holder) -> {
        if (!counts.containsKey(ns)) {
          holder.set(0);
        }
      });
      return out.put("total", total);
    });
  }

  /** {@link #info()} with {@code keys}: {@link #keyCounts()}. */
  public Future<JsonObject> sample() {
    return info().compose(info -> keyCounts().map(counts -> info.put("keys", counts)));
  }

  /** The first segment of a key without its prefix: {@code market:ticker:X} is {@code market}. */
  static String namespace(String key) {
    int end = key.length();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ':' || c == '{') {
        end = i;
        break;
      }
    }
    return end == 0 ? "other" : key.substring(0, end);
  }

  private static long parse(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
