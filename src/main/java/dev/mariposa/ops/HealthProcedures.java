package dev.mariposa.ops;

import dev.mariposa.redis.RedisState;
import dev.mariposa.wiring.Services;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * The checks behind /health: Redis and MongoDB are required (DOWN → 503), and the event loops
 * must not lag beyond the configured limit.
 */
public final class HealthProcedures {
  private HealthProcedures() {}

  public static void register(HealthChecks checks, Services platform) {
    long timeout = platform.config().health().checkTimeout().toMillis();
    checks.register("redis", timeout, promise -> {
      RedisState state = platform.redis().state();
      JsonObject data = new JsonObject().put("state", state.name()).put("server", platform.redis().description());
      promise.complete(state == RedisState.UP ? Status.OK(data) : Status.KO(data));
    });
    // A ping slower than the check is DOWN (503), not a check that never answered (500).
    checks.register("mongodb", timeout, promise -> platform.mongo().ping(timeout * 3 / 4).onComplete(ar -> {
      JsonObject data = new JsonObject().put("server", platform.mongo().description());
      if (ar.failed()) {
        data.put("error", ar.cause().getMessage());
      }
      promise.complete(ar.succeeded() ? Status.OK(data) : Status.KO(data));
    }));
    checks.register("event-loop", timeout, promise -> {
      long lag = platform.eventLoopLag().maxMillis();
      long max = platform.config().health().maxEventLoopLag().toMillis();
      JsonObject data = new JsonObject().put("maxLagMs", lag).put("limitMs", max);
      promise.complete(lag <= max ? Status.OK(data) : Status.KO(data));
    });
  }
}
