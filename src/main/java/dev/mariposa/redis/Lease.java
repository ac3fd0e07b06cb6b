package dev.mariposa.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A named lease in Redis: SET NX PX with a random token, a fencing counter incremented by the same
 * script (so a newer holder always carries a larger token than any older one), renewal, and a
 * compare-and-delete release. Used for feed leadership and one-instance-per-run job locks.
 */
public final class Lease {
  private final RedisConnections redis;
  private final LuaScripts scripts;
  private final String key;
  private final String token;
  private final long fencingToken;
  private final Duration ttl;
  private long keepAliveTimer = -1;

  private Lease(RedisConnections redis, LuaScripts scripts, String key, String token, long fencingToken, Duration ttl) {
    this.redis = redis;
    this.scripts = scripts;
    this.key = key;
    this.token = token;
    this.fencingToken = fencingToken;
    this.ttl = ttl;
  }

  /** Keys of a lease: {@code lock:{name}} and its counter {@code lock:{name}:fence}, one hash slot. */
  static List<String> keys(RedisKeys keys, String name) {
    String base = keys.key("lock:", RedisKeys.tag(name));
    return List.of(base, base + ":fence");
  }

  /** One try: the lease, or else how long the other holder's lease has left. */
  public record Attempt(Optional<Lease> lease, long heldForMs) {}

  /** Tries once; empty when another holder has it. */
  public static Future<Optional<Lease>> tryAcquire(RedisConnections redis, LuaScripts scripts, RedisKeys keys,
                                                    String name, Duration ttl) {
    return attempt(redis, scripts, keys, name, ttl).map(Attempt::lease);
  }

  /** Tries once; when another holder has it, says for how long still (ms, at least 1). */
  public static Future<Attempt> attempt(RedisConnections redis, LuaScripts scripts, RedisKeys keys, String name,
                                        Duration ttl) {
    List<String> leaseKeys = keys(keys, name);
    String token = UUID.randomUUID().toString();
    return scripts.get("lease-acquire").run(redis, leaseKeys, List.of(token, Long.toString(ttl.toMillis())))
        .map(r -> r.toLong() <= 0 ? new Attempt(Optional.empty(), -r.toLong())
            : new Attempt(Optional.of(new Lease(redis, scripts, leaseKeys.get(0), token, r.toLong(), ttl)), 0));
  }

  /** Strictly larger for every new holder: attach it to what the holder produces. */
  public long fencingToken() {
    return fencingToken;
  }

  /** Extends the lease; false when it was lost (expired and perhaps taken by another). */
  public Future<Boolean> renew() {
    return scripts.get("lease-renew").run(redis, List.of(key), List.of(token, Long.toString(ttl.toMillis())))
        .map(r -> r.toLong() == 1);
  }

  /** Releases the lease if still held; a non-holder's release changes nothing. */
  public Future<Boolean> release() {
    return scripts.get("lease-release").run(redis, List.of(key), List.of(token))
        .map(r -> r.toLong() == 1);
  }

  /**
   * Renews every third of the TTL on the caller's context; {@code onLost} runs once when a
   * renewal says the lease is gone or Redis cannot confirm it before it would expire.
   */
  public void keepAlive(Vertx vertx, Runnable onLost) {
    keepAlive(vertx, onLost, true);
  }

  /**
   * As {@link #keepAlive}, but {@code onLost} runs only when Redis answers that the lease is gone:
   * while Redis cannot be reached the holder carries on. For holders whose work stays safe without
   * Redis's word (the feed: its events carry the fencing token, and a newer leader's wins wherever
   * both arrive), and is worth more than a pause (local consumers keep their market data).
   */
  public void keepAliveUntilRefused(Vertx vertx, Runnable onLost) {
    keepAlive(vertx, onLost, false);
  }

  private void keepAlive(Vertx vertx, Runnable onLost, boolean unconfirmedIsLost) {
    long period = Math.max(1, ttl.toMillis() / 3);
    long[] lastConfirmed = {System.currentTimeMillis()};
    keepAliveTimer = vertx.setPeriodic(period, id -> renew().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        lastConfirmed[0] = System.currentTimeMillis();
      } else if ((ar.succeeded() || unconfirmedIsLost && System.currentTimeMillis() - lastConfirmed[0] >= ttl.toMillis())
          && vertx.cancelTimer(id)) {
        onLost.run();
      }
    }));
  }

  /** Stops renewing and releases. */
  public Future<Boolean> close(Vertx vertx) {
    vertx.cancelTimer(keepAliveTimer);
    return release();
  }
}
