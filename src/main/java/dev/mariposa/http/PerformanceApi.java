package dev.mariposa.http;

import dev.mariposa.Platform;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.metrics.Performance;
import dev.mariposa.metrics.PerformanceService;
import dev.mariposa.redis.RedisState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** GET /api/agents/{id}/performance (cached, else computed now) and GET /api/leaderboard?limit=. */
final class PerformanceApi {
  private static final String FIGURES = "the performance figures";

  private final PerformanceService performance;
  private final AgentRepository agents;
  private final KnownAgents known;
  private final Platform platform;

  PerformanceApi(Platform platform) {
    this.platform = platform;
    this.performance = new PerformanceService(platform);
    this.agents = new AgentRepository(platform.mongo());
    this.known = new KnownAgents(agents);
  }

  void mount(Router router) {
    router.get("/api/agents/:id/performance").handler(this::agent);
    router.get("/api/agents/:id/performance/history").handler(this::history);
    router.get("/api/leaderboard").handler(this::leaderboard);
  }

  /** The cached figures; computed now on a miss; computed from MongoDB alone while Redis is down. */
  private void agent(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> known.require(id).compose(agent -> {
      Future<Optional<JsonObject>> fromCache = cacheUsable() ? performance.cached(id)
          : Future.failedFuture("Redis is down, or cache.enabled is false");
      return fromCache
          .compose(cached -> cached.isPresent() ? Future.succeededFuture(cached.get().put("source", "cache"))
              : performance.refresh(agent).map(f -> f.put("source", "computed")))
          .recover(redisDown -> performance.compute(agent).map(f -> f.put("source", "mongodb")));
    }).onSuccess(figures -> ctx.json(Performance.numbers(figures))).onFailure(t -> ApiError.send(ctx, t, FIGURES)));
  }

  private void history(RoutingContext ctx) {
    Optional<String> id = Params.agentId(ctx);
    Optional<Integer> limit = Params.integer(ctx, "limit", 60, 1, 10_000);
    if (id.isEmpty() || limit.isEmpty()) {
      return;
    }
    known.read(id.get(), performance.history(id.get(), limit.get()))
        .onSuccess(rows -> ctx.json(new JsonObject().put("agentId", id.get())
            .put("snapshots", new io.vertx.core.json.JsonArray(rows.stream().peek(r -> r.remove("_id"))
                .map(Performance::numbers).toList()))))
        .onFailure(t -> ApiError.send(ctx, t, FIGURES));
  }

  /**
   * From Redis; while Redis is down, computed from MongoDB for every agent (same order). With
   * {@code period=day|week|month}, ranked by the return over that period, from the snapshots.
   */
  private void leaderboard(RoutingContext ctx) {
    Optional<Integer> limit = Params.integer(ctx, "limit", 20, 1, 1000);
    if (limit.isEmpty()) {
      return;
    }
    String period = ctx.queryParams().get("period");
    if (period != null && !period.equals("all")) {
      Long ms = switch (period) {
        case "day" -> 86_400_000L;
        case "week" -> 7 * 86_400_000L;
        case "month" -> 30 * 86_400_000L;
        default -> null;
      };
      if (ms == null) {
        ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "period must be day, week, month or all");
        return;
      }
      agents.all().compose(all -> performance.leaderboardSince(all, platform.clock().millis() - ms, limit.get()))
          .onSuccess(rows -> ctx.json(new JsonObject().put("leaderboard", rows).put("period", period)))
          .onFailure(t -> ApiError.send(ctx, t, FIGURES));
      return;
    }
    (cacheUsable() ? performance.leaderboard(limit.get())
        : Future.<io.vertx.core.json.JsonArray>failedFuture("Redis is down"))
        .map(rows -> new JsonObject().put("leaderboard", rows).put("source", "redis"))
        .recover(redisDown -> agents.all().compose(all -> performance.leaderboardFromStore(all, limit.get()))
            .map(rows -> new JsonObject().put("leaderboard", rows).put("source", "mongodb")))
        .onSuccess(ctx::json)
        .onFailure(t -> ApiError.send(ctx, t, FIGURES));
  }

  /** Redis answers and the cache is on (cache.enabled: off, every figure is computed from MongoDB). */
  private boolean cacheUsable() {
    return platform.config().cache().enabled() && platform.redis().state() == RedisState.UP;
  }
}
