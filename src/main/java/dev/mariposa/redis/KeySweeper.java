package dev.mariposa.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Removes the keys matching a pattern with SCAN (never KEYS, which blocks Redis) and UNLINK in
 * batches (freed in the background). Keys written during the sweep may survive it.
 */
public final class KeySweeper {
  private static final int COUNT = 1000;

  private final RedisConnections redis;
  private final RedisKeys keys;
  private final KeySpace keySpace;

  public KeySweeper(RedisConnections redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
    this.keySpace = new KeySpace(redis, COUNT);
  }

  /** Removes every key under the prefix matching {@code glob} (e.g. "market:ticker:*"); the count removed. */
  public Future<Long> removeMatching(String glob) {
    long[] removed = {0};
    return keySpace.scan(keys.pattern(glob), page -> unlink(page).onSuccess(n -> removed[0] += n))
        .map(v -> removed[0]);
  }

  /** One UNLINK of the page; on a cluster (the keys of one command share a slot there) one per key, sent together. */
  private Future<Long> unlink(List<String> found) {
    if (redis.clustered()) {
      List<Future<Response>> each = found.stream().map(key -> redis.send(Request.cmd(Command.UNLINK).arg(key))).toList();
      return Future.all(each).map(all -> each.stream().mapToLong(f -> f.result().toLong()).sum());
    }
    Request unlink = Request.cmd(Command.UNLINK);
    found.forEach(unlink::arg);
    return redis.send(unlink).map(Response::toLong);
  }
}
