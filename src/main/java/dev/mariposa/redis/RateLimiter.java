package dev.mariposa.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The distributed rate limiter every instance shares: GCRA (the generic cell rate algorithm) in
 * one Lua script ({@code lua/gcra.lua}). GCRA keeps a single timestamp per key (O(1) memory, and
 * the key expires once idle), decides in one round trip, and reads the Redis clock, so instances
 * whose clocks are skewed still agree (a caller deciding on its own time, a replay's, passes it:
 * {@link #acquire(Limit, Instant)}). Several limits (per user, per IP, global…) are checked in
 * one call, all or nothing: a refusal by one takes no token from the others.
 */
public final class RateLimiter {
  /** Keeps every µs figure of the script an exact integer in Lua's doubles. */
  private static final long MAX_TOLERANCE_MICROS = TimeUnit.DAYS.toMicros(3650);

  private final RedisConnections redis;
  private final LuaScript script;

  public RateLimiter(RedisConnections redis, LuaScripts scripts) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.script = scripts.get("gcra");
  }

  /**
   * {@code rate} requests per {@code period} on average, up to {@code burst} at once. {@code key}
   * is the full Redis key (prefix included, e.g. {@code mariposa:ratelimit:{user:42}:api}).
   */
  public record Limit(String key, int rate, Duration period, int burst) {
    public Limit {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("rate limit key must not be empty");
      }
      if (rate < 1) {
        throw new IllegalArgumentException("rate of " + key + " must be >= 1, got " + rate);
      }
      if (burst < 1) {
        throw new IllegalArgumentException("burst of " + key + " must be >= 1, got " + burst);
      }
      if (period == null || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period of " + key + " must be positive, got " + period);
      }
      long periodMicros = TimeUnit.MICROSECONDS.convert(period);
      if (periodMicros < rate) {
        throw new IllegalArgumentException("rate of " + key + " must be at most one per microsecond of period, got "
            + rate + " per " + period);
      }
      if ((double) ceilDiv(periodMicros, rate) * burst > MAX_TOLERANCE_MICROS) {
        throw new IllegalArgumentException("burst x period / rate of " + key + " must not exceed 3650 days");
      }
    }

    /** Burst equal to the rate: a full period's worth at once. */
    public static Limit of(String key, int rate, Duration period) {
      return new Limit(key, rate, period, rate);
    }

    /** Time between two tokens, rounded up to a whole µs (never more permissive than asked). */
    long emissionIntervalMicros() {
      return ceilDiv(TimeUnit.MICROSECONDS.convert(period), rate);
    }
  }

  /**
   * The outcome of one call. {@code limitingIndex} (0-based, into the call's limits) names the
   * limit that refused longest or, when allowed, the one with the fewest tokens left; the other
   * figures are that limit's: tokens left (after this call when allowed, nothing taken when
   * refused), when to retry (zero when allowed) and when it is full again (X-RateLimit-Reset).
   */
  public record Decision(boolean allowed, int limitingIndex, long remaining, Duration retryAfter,
                         Duration resetAfter) {}

  /** One token from one limit. */
  public Future<Decision> acquire(Limit limit) {
    return acquire(List.of(limit), 1);
  }

  /**
   * One token from one limit at {@code at} on the caller's clock instead of the Redis clock (a
   * replay decides on its replayed time). A key lives until its TAT on the Redis clock: a caller
   * whose time runs slower than Redis's may find a limit forgotten early.
   */
  public Future<Decision> acquire(Limit limit, Instant at) {
    return acquire(List.of(limit), 1, Optional.of(at));
  }

  /**
   * {@code cost} tokens from every limit, or none from any; cost 0 only reports. The limits' keys
   * must share one hash tag (one slot on Redis Cluster) and each burst must hold the cost.
   */
  public Future<Decision> acquire(List<Limit> limits, int cost) {
    return acquire(limits, cost, Optional.empty());
  }

  private Future<Decision> acquire(List<Limit> limits, int cost, Optional<Instant> at) {
    if (limits == null || limits.isEmpty()) {
      throw new IllegalArgumentException("at least one limit is required");
    }
    if (cost < 0) {
      throw new IllegalArgumentException("cost must be >= 0, got " + cost);
    }
    int n = limits.size();
    List<String> keys = new ArrayList<>(n);
    List<String> args = new ArrayList<>(2 * n + 1);
    String tag = null;
    for (Limit limit : limits) {
      Objects.requireNonNull(limit, "limit");
      if (cost > limit.burst()) {
        throw new IllegalArgumentException("cost " + cost + " exceeds the burst " + limit.burst() + " of "
            + limit.key() + ": it could never be allowed");
      }
      if (n > 1) {
        String own = hashTag(limit.key());
        if (tag == null) {
          tag = own;
        } else if (!tag.equals(own)) {
          throw new IllegalArgumentException("keys limited together must share a hash tag: " + limits.get(0).key()
              + " and " + limit.key() + " do not");
        }
        if (keys.contains(limit.key())) {
          throw new IllegalArgumentException("key " + limit.key() + " is limited twice in one call");
        }
      }
      keys.add(limit.key());
      args.add(Long.toString(limit.emissionIntervalMicros()));
      args.add(Integer.toString(limit.burst()));
    }
    args.add(Integer.toString(cost));
    at.ifPresent(time -> args.add(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, time))));
    return script.run(redis, keys, args).map(RateLimiter::decision);
  }

  /**
   * What Redis Cluster hashes for {@code key}: the text between the first '{' and the next '}'
   * when that is not empty, else the whole key. Keys with equal results share a slot.
   */
  public static String hashTag(String key) {
    int open = key.indexOf('{');
    if (open >= 0) {
      int close = key.indexOf('}', open + 1);
      if (close > open + 1) {
        return key.substring(open + 1, close);
      }
    }
    return key;
  }

  private static Decision decision(Response r) {
    return new Decision(r.get(0).toInteger() == 1, r.get(1).toInteger() - 1, r.get(2).toLong(),
        Duration.of(r.get(3).toLong(), ChronoUnit.MICROS), Duration.of(r.get(4).toLong(), ChronoUnit.MICROS));
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
