package dev.mariposa.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;

/**
 * One-shot claims: {@code SET key owner NX PX hold}. The first caller of the cluster gets true and
 * does the work (an analysis of one close, a job's period, a performance refresh); the others get
 * false. Nothing is released: the claim names a period or an event and simply expires. (A lock
 * held while working, renewed and released, is a {@link Lease}.)
 */
public final class Claims {
  private Claims() {}

  public static Future<Boolean> once(RedisConnections redis, String key, String owner, Duration hold) {
    return redis.send(Request.cmd(Command.SET).arg(key).arg(owner).arg("NX").arg("PX").arg(Math.max(1, hold.toMillis())))
        .map(r -> r != null && "OK".equals(r.toString()));
  }
}
