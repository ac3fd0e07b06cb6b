package dev.mariposa.http;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.redis.LeasedRateLimiter;
import dev.mariposa.redis.RateLimiter.Decision;
import dev.mariposa.redis.RateLimiter.Limit;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.redis.RedisState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The API's rate limits: GCRA in Redis ({@link RateLimiter}), so every instance draws on the same
 * budget, taken in small leases ({@link LeasedRateLimiter}) so hot reads do not cost a Redis call
 * each. Requests fall into a {@link Group}; each group has its own
 * policy, counted per identity: the bearer token's fingerprint when a valid token is presented
 * (an invalid one could otherwise mint fresh budgets), else the client's IP address.
 *
 * <p>Answers carry X-RateLimit-Limit (the burst), -Remaining (requests left now) and -Reset
 * (seconds until the budget is full again); a refusal is 429 with Retry-After. While Redis cannot
 * answer, each group is allowed or refused as configured (by default reads pass, writes do not).
 */
public final class ApiRateLimit implements Handler<RoutingContext> {
  /** Endpoint groups, each with its own policy. */
  enum Group {
    /** GET /api/market/**: the hot cached reads. */
    MARKET,
    /** Other GETs. */
    READ,
    /** POST, PUT, DELETE on agents and signals. */
    WRITE,
    /** The kill switch, sessions and running jobs by hand. */
    ADMIN;

    String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean isRead() {
      return this == MARKET || this == READ;
    }

    static Group of(HttpServerRequest request) {
      String path = request.path();
      if (path.startsWith("/api/admin/") || path.startsWith("/api/sessions")
          || (path.startsWith("/api/jobs/") && request.method() != HttpMethod.GET)) {
        return ADMIN;
      }
      boolean read = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
      if (!read) {
        return WRITE;
      }
      return path.startsWith("/api/market/") ? MARKET : READ;
    }
  }

  /** Tokens a lapsed lease leaves unspent are lost: short, so an idle identity's are few. */
  private static final Duration LEASE_LIFE = Duration.ofSeconds(1);

  /**
   * @param leaseSize tokens drawn from Redis at once: a twentieth of the burst, so a hot group
   *     (the market reads) costs one Redis call per many requests and a small budget stays exact
   */
  private record Policy(MariposaConfig.RateLimit.Policy settings, int leaseSize, String burstHeader, Counter allowed,
                        Counter limited, Counter allowedWithoutRedis, Counter refusedWithoutRedis) {}

  /** The methods the router reads a body for (the BodyHandler after this one). */
  static final Set<HttpMethod> HAS_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  private final LeasedRateLimiter limiter;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final BearerAuth auth;
  private final MariposaConfig.RateLimit config;
  private final Map<Group, Policy> policies = new EnumMap<>(Group.class);

  public ApiRateLimit(RateLimiter limiter, RedisConnections redis, RedisKeys keys, BearerAuth auth,
               MariposaConfig.RateLimit config, MeterRegistry registry) {
    this.limiter = new LeasedRateLimiter(limiter, LEASE_LIFE);
    this.redis = redis;
    this.keys = keys;
    this.auth = auth;
    this.config = config;
    for (Group group : Group.values()) {
      MariposaConfig.RateLimit.Policy settings = config.policies().get(group.configName());
      policies.put(group, new Policy(settings, Math.max(1, settings.burst() / 20), Integer.toString(settings.burst()),
          counter(registry, group, "allowed"), counter(registry, group, "limited"),
          counter(registry, group, "allowed_without_redis"), counter(registry, group, "refused_without_redis")));
    }
  }

  private static Counter counter(MeterRegistry registry, Group group, String outcome) {
    return Counter.builder("mariposa.http.ratelimit")
        .description("API rate-limit decisions by endpoint group and outcome")
        .tag("group", group.configName()).tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!config.enabled() || ctx.request().method() == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    Group group = Group.of(ctx.request());
    Policy policy = policies.get(group);
    if (redis.state() == RedisState.DOWN) {
      withoutRedis(ctx, group, policy);
      return;
    }
    Limit limit = new Limit(keys.key("ratelimit:", "http", group.configName(), identity(ctx)),
        policy.settings().requests(), policy.settings().period(), policy.settings().burst());
    // A body may arrive while Redis decides: paused, the BodyHandler after this finds it whole
    // (it resumes the request); a refused request is resumed here so its body drains.
    HttpServerRequest request = ctx.request();
    boolean paused = HAS_BODY.contains(request.method());
    if (paused) {
      request.pause();
    }
    ctx.addEndHandler(ended -> {
      if (paused && !request.isEnded()) {
        request.resume();
      }
    });
    limiter.acquire(limit, policy.leaseSize()).onComplete(decided -> {
      if (decided.failed()) {
        withoutRedis(ctx, group, policy);
      } else {
        apply(ctx, policy, decided.result());
      }
    });
  }

  private String identity(RoutingContext ctx) {
    if (auth.enabled()) {
      String authorization = ctx.request().getHeader("Authorization");
      if (authorization != null) {
        var token = auth.identity(authorization);
        if (token.isPresent()) {
          return token.get();
        }
      }
    }
    SocketAddress remote = ctx.request().remoteAddress();
    return "ip:" + (remote == null ? "unknown" : remote.hostAddress());
  }

  private void apply(RoutingContext ctx, Policy policy, Decision decision) {
    HttpServerResponse response = ctx.response();
    response.putHeader("X-RateLimit-Limit", policy.burstHeader())
        .putHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()))
        .putHeader("X-RateLimit-Reset", Long.toString(ceilSeconds(decision.resetAfter())));
    if (decision.allowed()) {
      policy.allowed().increment();
      ctx.next();
      return;
    }
    policy.limited().increment();
    long retry = Math.max(1, ceilSeconds(decision.retryAfter()));
    response.putHeader("Retry-After", Long.toString(retry));
    ApiError.send(ctx, ErrorCode.RATE_LIMITED, "Too many requests: at most " + policy.settings().requests() + " per "
        + policy.settings().period().toSeconds() + " s (bursts of " + policy.settings().burst() + "); retry in " + retry + " s");
  }

  private void withoutRedis(RoutingContext ctx, Group group, Policy policy) {
    boolean allow = group.isRead() ? config.allowReadsWithoutRedis() : config.allowWritesWithoutRedis();
    if (allow) {
      policy.allowedWithoutRedis().increment();
      ctx.next();
      return;
    }
    policy.refusedWithoutRedis().increment();
    ctx.response().putHeader("Retry-After", "1");
    ApiError.send(ctx, ErrorCode.RATE_LIMITER_UNAVAILABLE, "Redis, which keeps the shared rate limits, is not answering; "
        + (group.isRead() ? "reads" : group == Group.ADMIN ? "admin requests" : "changes") + " are refused until it is back");
  }

  private static long ceilSeconds(Duration duration) {
    long millis = duration.toMillis();
    return (millis + 999) / 1000;
  }
}
