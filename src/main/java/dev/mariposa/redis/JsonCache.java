package dev.mariposa.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSON values in Redis with a TTL on every write: the hot-data cache layer. Values longer than
 * the codec's threshold are stored compressed ({@link ValueCodec}); reads take either form.
 */
public final class JsonCache {
  private final RedisConnections redis;
  private final ValueCodec codec;
  private final Counter hits;
  private final Counter misses;

  /** Without compression: every value stored as JSON. */
  public JsonCache(RedisConnections redis, MeterRegistry registry) {
    this(redis, new ValueCodec(0, registry), registry);
  }

  public JsonCache(RedisConnections redis, ValueCodec codec, MeterRegistry registry) {
    this.redis = redis;
    this.codec = codec;
    this.hits = Counter.builder("mariposa.cache.requests").tag("layer", "redis").tag("result", "hit").register(registry);
    this.misses = Counter.builder("mariposa.cache.requests").tag("layer", "redis").tag("result", "miss").register(registry);
  }

  /** The codec of the stored values, for writers that batch their own SETs. */
  public ValueCodec codec() {
    return codec;
  }

  public Future<Optional<JsonObject>> get(String key) {
    return redis.send(Request.cmd(Command.GET).arg(key)).map(this::decode);
  }

  /**
   * One MGET; the result has one entry per key, in order. On a cluster, where the keys of one
   * command must share a slot, one GET per key in a batch ({@link RedisConnections#batch} spreads it).
   */
  public Future<List<Optional<JsonObject>>> getAll(List<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    if (redis.clustered()) {
      return redis.batch(keys.stream().map(key -> Request.cmd(Command.GET).arg(key)).toList())
          .map(replies -> replies.stream().map(this::decode).toList());
    }
    Request mget = Request.cmd(Command.MGET);
    keys.forEach(mget::arg);
    return redis.send(mget).map(r -> {
      List<Optional<JsonObject>> values = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        values.add(decode(r.get(i)));
      }
      return values;
    });
  }

  public Future<Void> put(String key, JsonObject value, Duration ttl) {
    return redis.send(Request.cmd(Command.SET).arg(key).arg(codec.encode(value))
        .arg("PX").arg(Math.max(1, ttl.toMillis()))).mapEmpty();
  }

  public Future<Boolean> delete(String key) {
    return redis.send(Request.cmd(Command.UNLINK).arg(key)).map(r -> r.toLong() > 0);
  }

  private Optional<JsonObject> decode(Response response) {
    if (response == null) {
      misses.increment();
      return Optional.empty();
    }
    hits.increment();
    Buffer bytes = response.toBuffer();
    return Optional.of(codec.decodeJson(bytes));
  }
}
