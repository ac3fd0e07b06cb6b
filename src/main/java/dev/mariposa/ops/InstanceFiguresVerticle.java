package dev.mariposa.ops;

import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;

/**
 * Every instance, whatever its roles: every {@value #EVERY_SECONDS} s, its figures
 * ({@link InstanceFigures}) to {@code instance:<id>:figures} with a TTL, so that
 * {@code GET /api/system} can sum the live instances and forget the dead ones.
 */
public final class InstanceFiguresVerticle extends VerticleBase {
  static final int EVERY_SECONDS = 5;

  private final String instanceId;
  private final InstanceFigures figures;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final JsonCache cache;

  /** {@code cache} encodes the figures as every cached value is. */
  public InstanceFiguresVerticle(String instanceId, InstanceFigures figures, RedisConnections redis, RedisKeys keys,
                                 JsonCache cache) {
    this.instanceId = instanceId;
    this.figures = figures;
    this.redis = redis;
    this.keys = keys;
    this.cache = cache;
  }

  public static String key(RedisKeys keys, String instanceId) {
    return keys.key("instance:", instanceId, "figures");
  }

  @Override
  public Future<?> start() {
    figures.read(); // the first rates are against this baseline
    long ttl = Duration.ofSeconds(EVERY_SECONDS * 3L).toMillis();
    vertx.setPeriodic(0, EVERY_SECONDS * 1000L, id -> redis.send(Request.cmd(Command.SET)
        .arg(key(keys, instanceId)).arg(cache.codec().encode(figures.read())).arg("PX").arg(ttl)));
    return Future.succeededFuture();
  }
}
