package dev.mariposa.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the keys matching a pattern with SCAN (never KEYS, which blocks Redis) and UNLINK in
 * batches (freed in the background). Keys written during the sweep may survive it.
 */
public final class KeySweeper {
  private static final int COUNT = 1000;

  private final RedisConnections redis;
  private final RedisKeys keys;

  public KeySweeper(RedisConnections redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Removes every key under the prefix matching {@code glob} (e.g. "market:ticker:*"); the count removed. */
  public Future<Long> removeMatching(String glob) {
    return sweep("0", keys.pattern(glob), 0L);
  }

  private Future<Long> sweep(String cursor, String pattern, long removed) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(COUNT))
        .compose(page -> {
          String next = page.get(0).toString();
          List<String> found = new ArrayList<>();
          for (Response key : page.get(1)) {
            found.add(key.toString());
          }
          Future<Long> unlinked = found.isEmpty() ? Future.succeededFuture(0L) : unlink(found);
          return unlinked.compose(n -> "0".equals(next)
              ? Future.succeededFuture(removed + n)
              : sweep(next, pattern, removed + n));
        });
  }

  private Future<Long> unlink(List<String> found) {
    Request unlink = Request.cmd(Command.UNLINK);
    found.forEach(unlink::arg);
    return redis.send(unlink).map(Response::toLong);
  }
}
