package dev.mariposa.bus;

import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cluster membership in Redis: each live instance keeps {@code instance:<id>} (its roles, version,
 * start time and HTTP address) alive with a TTL, so a dead one disappears within the TTL. Listing
 * uses SCAN, never KEYS.
 */
public final class InstanceRegistry {
  private final RedisConnections redis;
  private final RedisKeys keys;

  public InstanceRegistry(RedisConnections redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public Future<Void> register(JsonObject self, Duration ttl) {
    return redis.send(Request.cmd(Command.SET).arg(key(self.getString("id"))).arg(self.encode())
        .arg("PX").arg(ttl.toMillis())).mapEmpty();
  }

  public Future<Void> deregister(String instanceId) {
    return redis.send(Request.cmd(Command.DEL).arg(key(instanceId))).mapEmpty();
  }

  /** The live instances, ordered by id. */
  public Future<List<JsonObject>> live() {
    return scan("0", new ArrayList<>()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(List.<JsonObject>of());
      }
      Request mget = Request.cmd(Command.MGET);
      found.forEach(mget::arg);
      return redis.send(mget).map(values -> {
        List<JsonObject> instances = new ArrayList<>();
        for (Response value : values) {
          if (value != null) {
            instances.add(new JsonObject(value.toBuffer()));
          }
        }
        instances.sort(Comparator.comparing(i -> i.getString("id", "")));
        return instances;
      });
    });
  }

  private Future<List<String>> scan(String cursor, List<String> found) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(keys.pattern("instance:*"))
        .arg("COUNT").arg(500)).compose(page -> {
          page.get(1).forEach(k -> found.add(k.toString()));
          String next = page.get(0).toString();
          return "0".equals(next) ? Future.succeededFuture(found) : scan(next, found);
        });
  }

  private String key(String instanceId) {
    return keys.key("instance:", instanceId);
  }
}
