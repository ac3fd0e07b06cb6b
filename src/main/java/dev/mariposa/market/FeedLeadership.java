package dev.mariposa.market;

import dev.mariposa.redis.Lease;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One feeder per symbol in the whole cluster: a verticle feeds a symbol only while it holds the
 * symbol's lease. Contenders retry every min(1 s, TTL/3); a lease that will expire before the
 * next round (its holder stopped renewing it: a living one keeps 2/3 of the TTL or more) is tried
 * again as it expires, so when a leader dies another takes over within the TTL, not the TTL plus a
 * round. The lease's fencing token is the leader's epoch. A leader that cannot reach Redis keeps
 * feeding (its own instance still needs the market); it stops when Redis says the lease is gone.
 */
final class FeedLeadership {
  private static final Logger LOG = LoggerFactory.getLogger(FeedLeadership.class);

  interface Listener {
    void elected(String symbol, long epoch);

    void deposed(String symbol);
  }

  private final Vertx vertx;
  private final RedisConnections redis;
  private final LuaScripts scripts;
  private final RedisKeys keys;
  private final Supplier<Collection<String>> symbols;
  private final Duration ttl;
  private final Listener listener;
  private final Map<String, Lease> held = new HashMap<>();
  private final Set<String> contending = new HashSet<>();
  private final Set<String> retrying = new HashSet<>();
  private long timer = -1;
  private boolean stopped;

  /** {@code symbols} is asked before every round: a symbol that leaves the set is handed back. */
  FeedLeadership(Vertx vertx, RedisConnections redis, LuaScripts scripts, RedisKeys keys,
                 Supplier<Collection<String>> symbols,
                 Duration ttl, Listener listener) {
    this.vertx = vertx;
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    this.symbols = symbols;
    this.ttl = ttl;
    this.listener = listener;
  }

  static String leaseName(String symbol) {
    return "feed:" + symbol;
  }

  void start() {
    timer = vertx.setPeriodic(0, period(), id -> contend());
  }

  private long period() {
    return Math.max(50, Math.min(1000, ttl.toMillis() / 3));
  }

  /** Stops contending and hands every held lease back, so a successor need not wait for expiry. */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    List<Future<Boolean>> released = held.entrySet().stream().map(e -> {
      listener.deposed(e.getKey());
      return e.getValue().close(vertx).recover(t -> Future.succeededFuture(false));
    }).toList();
    held.clear();
    return Future.join(List.copyOf(released)).mapEmpty();
  }

  private void contend() {
    Collection<String> wanted = symbols.get();
    for (String symbol : List.copyOf(held.keySet())) {
      if (!wanted.contains(symbol)) {
        Lease lease = held.remove(symbol);
        LOG.info("Nobody wants {} any more: stopped feeding it", symbol);
        listener.deposed(symbol);
        lease.close(vertx);
      }
    }
    wanted.forEach(this::tryLead);
  }

  private void tryLead(String symbol) {
    if (stopped || held.containsKey(symbol) || !contending.add(symbol)) {
      return;
    }
    Lease.attempt(redis, scripts, keys, leaseName(symbol), ttl)
        .onComplete(ar -> {
          contending.remove(symbol);
          if (ar.failed()) {
            return;
          }
          if (ar.result().lease().isEmpty()) {
            retryAtExpiry(symbol, ar.result().heldForMs());
            return;
          }
          Lease lease = ar.result().lease().get();
          if (stopped) {
            lease.release();
            return;
          }
          held.put(symbol, lease);
          LOG.info("Feeding {} as leader (epoch {})", symbol, lease.fencingToken());
          // Without Redis the feed still comes from the exchange: keep feeding this instance.
          lease.keepAliveUntilRefused(vertx, () -> lost(symbol, lease));
          listener.elected(symbol, lease.fencingToken());
        });
  }

  /** A lease ending before the next round is not being renewed: try again just after it ends. */
  private void retryAtExpiry(String symbol, long heldForMs) {
    if (heldForMs < period() && retrying.add(symbol)) {
      vertx.setTimer(heldForMs + 5, id -> {
        retrying.remove(symbol);
        if (symbols.get().contains(symbol)) {
          tryLead(symbol);
        }
      });
    }
  }

  private void lost(String symbol, Lease lease) {
    if (held.remove(symbol, lease)) {
      LOG.warn("Lost the feed lease of {} (epoch {}): stopped feeding it", symbol, lease.fencingToken());
      listener.deposed(symbol);
      // After an outage the lease has expired and is likely free: take it again now, not next round.
      tryLead(symbol);
    }
  }
}
