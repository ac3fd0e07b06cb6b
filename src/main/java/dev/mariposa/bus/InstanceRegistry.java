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
 * start time and HTTP address) alive with a TTL, so a dead one disappears within the TTL. An index
 * {@code instances} (a sorted set scored by expiry) lists them without scanning the keyspace, and
 * works the same on Redis Cluster, where SCAN would see one node only.
 */
public final class InstanceRegistry {
  private final RedisConnections redis;
  private final RedisKeys keys;

  public InstanceRegistry(RedisConnections redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public Future<Void> register(JsonObject self, Duration ttl) {
    String id = self.getString("id");
    long expiresAt = System.currentTimeMillis() + ttl.toMillis();
    return Future.all(
        redis.send(Request.cmd(Command.SET).arg(key(id)).arg(self.encode()).arg("PX").arg(ttl.toMillis())),
        redis.send(Request.cmd(Command.ZADD).arg(index()).arg(expiresAt).arg(id))).mapEmpty();
  }

  public Future<Void> deregister(String instanceId) {
    return Future.all(
        redis.send(Request.cmd(Command.DEL).arg(key(instanceId))),
        redis.send(Request.cmd(Command.ZREM).arg(index()).arg(instanceId))).mapEmpty();
  }

  /** The live instances, ordered by id. */
  public Future<List<JsonObject>> live() {
    long now = System.currentTimeMillis();
    return redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(index()).arg("-inf").arg(now))
        .compose(v -> redis.send(Request.cmd(Command.ZRANGE).arg(index()).arg(0).arg(-1)))
        .compose(ids -> {
          // One GET per instance: the keys may sit in different slots of a cluster.
          List<Future<Response>> values = new ArrayList<>();
          ids.forEach(id -> values.add(redis.send(Request.cmd(Command.GET).arg(key(id.toString())))));
          return Future.all(values).map(all -> {
            List<JsonObject> instances = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
              Response value = all.resultAt(i);
              if (value != null) {
                instances.add(new JsonObject(value.toBuffer()));
              }
            }
            instances.sort(Comparator.comparing(i -> i.getString("id", "")));
            return instances;
          });
        });
  }

  private String key(String instanceId) {
    return keys.key("instance:", instanceId);
  }

  private String index() {
    return keys.key("instances");
  }
}
