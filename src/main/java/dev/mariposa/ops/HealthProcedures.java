package dev.mariposa.ops;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisState;
import dev.mariposa.store.MongoStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * The checks behind /health: Redis and MongoDB are required (DOWN → 503), and the event loops
 * must not lag beyond the configured limit.
 */
public final class HealthProcedures {
  private final MariposaConfig.Health config;
  private final RedisConnections redis;
  private final MongoStore mongo;
  private final EventLoopLag eventLoopLag;

  public HealthProcedures(MariposaConfig.Health config, RedisConnections redis, MongoStore mongo,
                          EventLoopLag eventLoopLag) {
    this.config = config;
    this.redis = redis;
    this.mongo = mongo;
    this.eventLoopLag = eventLoopLag;
  }

  public void register(HealthChecks checks) {
    long timeout = config.checkTimeout().toMillis();
    checks.register("redis", timeout, promise -> {
      RedisState state = redis.state();
      JsonObject data = new JsonObject().put("state", state.name()).put("server", redis.description());
      promise.complete(state == RedisState.UP ? Status.OK(data) : Status.KO(data));
    });
    // A ping slower than the check is DOWN (503), not a check that never answered (500).
    checks.register("mongodb", timeout, promise -> mongo.ping(timeout * 3 / 4).onComplete(ar -> {
      JsonObject data = new JsonObject().put("server", mongo.description());
      if (ar.failed()) {
        data.put("error", ar.cause().getMessage());
      }
      promise.complete(ar.succeeded() ? Status.OK(data) : Status.KO(data));
    }));
    checks.register("event-loop", timeout, promise -> {
      long lag = eventLoopLag.maxMillis();
      long max = config.maxEventLoopLag().toMillis();
      JsonObject data = new JsonObject().put("maxLagMs", lag).put("limitMs", max);
      promise.complete(lag <= max ? Status.OK(data) : Status.KO(data));
    });
  }
}
