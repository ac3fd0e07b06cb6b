package dev.mariposa.signal;

import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Optional;

/**
 * The global kill switch ({@code POST /api/admin/halt}): one key in Redis that every risk gate
 * of the cluster reads before every order. Kept without a TTL until someone resumes trading; the
 * resume is recorded beside it, with who and why, like the halt.
 */
public final class Halt {
  private final RedisConnections redis;
  private final JsonCache cache;
  private final String key;
  private final String resumed;

  public Halt(RedisConnections redis, JsonCache cache, RedisKeys keys) {
    this.redis = redis;
    this.cache = cache;
    this.key = keys.key("signal:", "halt");
    this.resumed = keys.key("signal:", "halt", "resumed");
  }

  /** The halt in force, if any: {@code {halted:true, reason, by, at}}. */
  public Future<Optional<JsonObject>> current() {
    return cache.get(key);
  }

  /** The halt in force, else the last resume ({@code {halted:false, reason, by, at}}), if any. */
  public Future<Optional<JsonObject>> state() {
    return cache.getAll(List.of(key, resumed)).map(both -> both.get(0).or(() -> both.get(1)));
  }

  /**
   * Halts, or resumes. Pipelined, the halt first when halting (then the last resume's record
   * goes), the resume's record first when resuming (then the halt goes).
   */
  public Future<JsonObject> set(boolean halted, String reason, String by) {
    JsonObject state = new JsonObject().put("halted", halted).put("reason", reason).put("by", by)
        .put("at", System.currentTimeMillis());
    Future<?> written = halted
        ? redis.batch(List.of(Request.cmd(Command.SET).arg(key).arg(state.encode()), Request.cmd(Command.DEL).arg(resumed)))
        : redis.batch(List.of(Request.cmd(Command.SET).arg(resumed).arg(state.encode()), Request.cmd(Command.DEL).arg(key)));
    return written.map(r -> state);
  }
}
