package dev.mariposa.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * SCAN over the whole keyspace (never KEYS, which blocks Redis): the server's, or on a Redis
 * Cluster every master's in turn, where a SCAN sent through the cluster client sees whichever node
 * answers. Pages are handed on one at a time; the next SCAN waits for the page's work.
 */
public final class KeySpace {
  private final RedisConnections redis;
  private final int count;

  public KeySpace(RedisConnections redis, int count) {
    this.redis = redis;
    this.count = count;
  }

  /** Calls {@code onPage} with every page of keys matching {@code pattern} (a full glob, prefix included). */
  public Future<Void> scan(String pattern, Function<List<String>, Future<?>> onPage) {
    if (!redis.clustered()) {
      return scan(redis::send, "0", pattern, onPage);
    }
    return masters().compose(masters -> {
      Future<Void> all = Future.succeededFuture();
      for (String master : masters) {
        all = all.compose(v -> {
          Redis node = redis.nodeClient(master);
          return scan(node::send, "0", pattern, onPage).eventually(node::close);
        });
      }
      return all;
    });
  }

  private Future<Void> scan(Function<Request, Future<Response>> send, String cursor, String pattern,
                            Function<List<String>, Future<?>> onPage) {
    return send.apply(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(count))
        .compose(page -> {
          String next = page.get(0).toString();
          List<String> keys = new ArrayList<>(page.get(1).size());
          page.get(1).forEach(key -> keys.add(key.toString()));
          Future<?> done = keys.isEmpty() ? Future.succeededFuture() : onPage.apply(keys);
          return done.compose(v -> "0".equals(next) ? Future.<Void>succeededFuture() : scan(send, next, pattern, onPage));
        });
  }

  /** host:port of every master, from CLUSTER SLOTS: [[start, end, [host, port, id], replicas...]...]. */
  private Future<List<String>> masters() {
    return redis.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).map(slots -> {
      Set<String> masters = new LinkedHashSet<>();
      for (Response range : slots) {
        Response master = range.get(2);
        masters.add(master.get(0).toString() + ":" + master.get(1).toLong());
      }
      return List.copyOf(masters);
    });
  }
}
