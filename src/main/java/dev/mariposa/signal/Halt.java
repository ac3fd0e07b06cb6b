package dev.mariposa.signal;

import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.Optional;

/**
 * The global kill switch ({@code POST /api/admin/halt}): one key in Redis that every risk gate
 * of the cluster reads before every order. Kept without a TTL until someone resumes trading.
 */
public final class Halt {
  private final RedisConnections redis;
  private final JsonCache cache;
  private final String key;

  public Halt(RedisConnections redis, JsonCache cache, RedisKeys keys) {
    this.redis = redis;
    this.cache = cache;
    this.key = keys.key("signal:", "halt");
  }

  /** The halt in force, if any: {@code {halted:true, reason, by, at}}. */
  public Future<Optional<JsonObject>> current() {
    return cache.get(key);
  }

  public Future<JsonObject> set(boolean halted, String reason, String by) {
    JsonObject state = new JsonObject().put("halted", halted).put("reason", reason).put("by", by)
        .put("at", System.currentTimeMillis());
    Future<?> written = halted
        ? redis.send(Request.cmd(Command.SET).arg(key).arg(state.encode()))
        : redis.send(Request.cmd(Command.DEL).arg(key));
    return written.map(r -> state);
  }
}
