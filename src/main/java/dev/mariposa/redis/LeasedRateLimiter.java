package dev.mariposa.redis;

import dev.mariposa.redis.RateLimiter.Decision;
import dev.mariposa.redis.RateLimiter.Limit;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shared {@link RateLimiter} limit drawn in leases: instead of one Redis decision per request,
 * an instance takes a few tokens at once and spends them locally, so a hot limit costs one script
 * call per lease. Tokens are taken from the shared budget before they are spent, so the cluster
 * never accepts more than the limit; tokens a lease leaves unspent when it lapses are lost (at
 * most one lease per instance and key, a small under-acceptance). Near the limit, where a whole
 * lease no longer fits, single tokens are asked for. Callers waiting for the same key share one
 * call in flight, and after a refusal the key is refused locally until GCRA's retry time, when
 * the next token can exist (a client hammering a spent budget costs Redis nothing meanwhile).
 *
 * <p>Not thread-safe: one per event loop (an HTTP verticle instance), like its callers.
 */
public final class LeasedRateLimiter {
  private final RateLimiter limiter;
  private final Duration leaseLife;
  private final Map<String, Lease> leases = new HashMap<>();

  private static final class Lease {
    long tokens;
    long expiresAt;
    long remainingAtTake;
    Duration resetAfter = Duration.ZERO;
    /** After a refusal no token exists before this (GCRA's retry time): refused here meanwhile. */
    long refusedUntil;
    List<Promise<Decision>> waiting;
  }

  /** @param leaseLife how long leased tokens may be spent (then they lapse) */
  public LeasedRateLimiter(RateLimiter limiter, Duration leaseLife) {
    this.limiter = limiter;
    this.leaseLife = leaseLife;
  }

  /** One token of {@code limit}, leased {@code leaseSize} at a time (1: every call asks Redis). */
  public Future<Decision> acquire(Limit limit, int leaseSize) {
    Lease lease = leases.computeIfAbsent(limit.key(), k -> new Lease());
    long now = System.currentTimeMillis();
    if (lease.tokens > 0 && now < lease.expiresAt) {
      return Future.succeededFuture(spend(lease));
    }
    if (now < lease.refusedUntil) {
      return Future.succeededFuture(refusal(lease, now));
    }
    if (lease.waiting != null) {
      Promise<Decision> promise = Promise.promise();
      lease.waiting.add(promise);
      return promise.future();
    }
    lease.waiting = new ArrayList<>();
    int size = Math.max(1, Math.min(leaseSize, limit.burst()));
    return take(limit, size).map(taken -> {
      List<Promise<Decision>> waiting = lease.waiting;
      lease.waiting = null;
      lease.tokens = taken.granted();
      lease.expiresAt = System.currentTimeMillis() + leaseLife.toMillis();
      lease.remainingAtTake = taken.decision().remaining();
      lease.resetAfter = taken.decision().resetAfter();
      if (taken.granted() == 0) {
        // Refused: so is everyone who waited, and everyone until a token can exist again.
        lease.refusedUntil = System.currentTimeMillis() + taken.decision().retryAfter().toMillis();
        waiting.forEach(p -> p.complete(taken.decision()));
        return taken.decision();
      }
      // The caller that asked spends first; those who waited spend what is left, or ask again.
      Decision mine = spend(lease);
      waiting.forEach(p -> (lease.tokens > 0 ? Future.succeededFuture(spend(lease)) : acquire(limit, leaseSize))
          .onComplete(p));
      return mine;
    }).onFailure(t -> {
      List<Promise<Decision>> waiting = lease.waiting;
      leases.remove(limit.key());
      if (waiting != null) {
        waiting.forEach(p -> p.fail(t));
      }
    }).andThen(done -> prune());
  }

  private record Taken(Decision decision, int granted) {}

  /** A lease of {@code size}, or one token when the lease no longer fits. */
  private Future<Taken> take(Limit limit, int size) {
    if (size == 1) {
      return single(limit);
    }
    return limiter.acquire(List.of(limit), size)
        .compose(d -> d.allowed() ? Future.succeededFuture(new Taken(d, size)) : single(limit));
  }

  private Future<Taken> single(Limit limit) {
    return limiter.acquire(limit).map(d -> new Taken(d, d.allowed() ? 1 : 0));
  }

  private static Decision refusal(Lease lease, long now) {
    return new Decision(false, 0, 0, Duration.ofMillis(lease.refusedUntil - now), lease.resetAfter);
  }

  private static Decision spend(Lease lease) {
    lease.tokens--;
    return new Decision(true, 0, lease.remainingAtTake + lease.tokens, Duration.ZERO, lease.resetAfter);
  }

  /** Forgets lapsed leases now and then, so one-off identities do not pile up. */
  private void prune() {
    if (leases.size() > 10_000) {
      long now = System.currentTimeMillis();
      leases.values().removeIf(l -> l.waiting == null && l.expiresAt < now && l.refusedUntil < now);
    }
  }
}
