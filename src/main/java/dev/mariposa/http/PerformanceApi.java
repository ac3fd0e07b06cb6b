package dev.mariposa.http;

import dev.mariposa.Platform;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.metrics.PerformanceService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** GET /api/agents/{id}/performance (cached, else computed now) and GET /api/leaderboard?limit=. */
final class PerformanceApi {
  private final PerformanceService performance;
  private final AgentRepository agents;

  PerformanceApi(Platform platform) {
    this.performance = new PerformanceService(platform);
    this.agents = new AgentRepository(platform.mongo());
  }

  void mount(Router router) {
    router.get("/api/agents/:id/performance").handler(this::agent);
    router.get("/api/leaderboard").handler(this::leaderboard);
  }

  private void agent(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> performance.cached(id)
        .compose(cached -> cached.isPresent() ? Future.succeededFuture(cached) : agents.get(id)
            .compose(agent -> agent.isEmpty() ? Future.succeededFuture(Optional.<JsonObject>empty())
                : performance.refresh(agent.get()).map(Optional::of)))
        .onSuccess(found -> found.ifPresentOrElse(ctx::json,
            () -> ApiError.send(ctx, 404, "agent_not_found", "No agent " + id)))
        .onFailure(t -> ApiError.send(ctx, 503, "unavailable", "Performance needs Redis and MongoDB, one of which is not answering")));
  }

  private void leaderboard(RoutingContext ctx) {
    Optional<Integer> limit = Params.integer(ctx, "limit", 20, 1, 1000);
    if (limit.isEmpty()) {
      return;
    }
    performance.leaderboard(limit.get())
        .onSuccess(rows -> ctx.json(new JsonObject().put("leaderboard", rows)))
        .onFailure(t -> ApiError.send(ctx, 503, "redis_unavailable", "The leaderboard is kept in Redis, which is not answering"));
  }
}
