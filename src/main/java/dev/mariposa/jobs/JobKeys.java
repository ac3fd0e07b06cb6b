package dev.mariposa.jobs;

import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/** The Redis keys of the jobs: status and run requests. */
public final class JobKeys {
  private JobKeys() {}

  public static String status(RedisKeys keys, String name) {
    return keys.key("job:", name);
  }

  public static String requested(RedisKeys keys, String name) {
    return keys.key("job:", name, "requested");
  }

  /**
   * Asks the cluster to run a job now: one jobs instance takes the request within a second. NX: a
   * request already waiting is the same request (runs are deduplicated); true when this one is new.
   */
  public static Future<Boolean> request(RedisConnections redis, RedisKeys keys, String name, String request) {
    return redis.send(Request.cmd(Command.SET).arg(requested(keys, name)).arg(request).arg("NX").arg("PX").arg(60_000))
        .map(set -> set != null);
  }
}
