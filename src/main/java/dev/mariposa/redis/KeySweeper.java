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

  /**
   * The page's keys, one UNLINK each in one batch: pipelined on a server, spread over the nodes on
   * a cluster (where the keys of one command must share a slot) by {@link RedisConnections#batch}.
   */
  private Future<Long> unlink(List<String> found) {
    return redis.batch(found.stream().map(key -> Request.cmd(Command.UNLINK).arg(key)).toList())
        .map(replies -> replies.stream().mapToLong(Response::toLong).sum());
  }
}
