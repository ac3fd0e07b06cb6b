package dev.mariposa.signal;

import dev.mariposa.agent.Agent;
import dev.mariposa.kernel.port.OrderRatePort;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * The agents' order rates shared by the cluster: one GCRA key per agent in Redis
 * ({@code ratelimit:{orders:<agentId>}:minute}), decided at the caller's time so a replay spends
 * its tokens on replayed time.
 */
public final class ClusterOrderRate implements OrderRatePort {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final RateLimiter limiter;
  private final RedisKeys keys;

  public ClusterOrderRate(RateLimiter limiter, RedisKeys keys) {
    this.limiter = limiter;
    this.keys = keys;
  }

  @Override
  public Future<Permit> acquire(Agent agent, long now) {
    String key = keys.key("ratelimit:", RedisKeys.tag("orders:" + agent.id()), "minute");
    return limiter.acquire(RateLimiter.Limit.of(key, agent.risk().maxOrdersPerMinute(), MINUTE), Instant.ofEpochMilli(now))
        .map(decision -> decision.allowed() ? Permit.granted() : Permit.refused(decision.retryAfter()));
  }
}
