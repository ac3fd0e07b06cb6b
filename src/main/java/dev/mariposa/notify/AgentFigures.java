package dev.mariposa.notify;

import dev.mariposa.agent.Agent;
import dev.mariposa.metrics.PerformanceService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Each agent's figures for /profit and the daily summary, as GET /api/agents/{id}/performance has them. */
final class AgentFigures {
  private final PerformanceService performance;

  AgentFigures(PerformanceService performance) {
    this.performance = performance;
  }

  /** The metrics role's cached figures, else computed now from MongoDB; empty for an agent that failed. */
  Future<Map<String, Optional<JsonObject>>> of(List<Agent> all) {
    List<Future<Optional<JsonObject>>> each = all.stream().map(agent -> performance.cached(agent.id())
        .compose(cached -> cached.isPresent() ? Future.succeededFuture(cached)
            : performance.compute(agent).map(Optional::of))
        .otherwise(Optional.empty())).toList();
    return Future.join(each).map(done -> {
      Map<String, Optional<JsonObject>> figures = new LinkedHashMap<>();
      for (int i = 0; i < all.size(); i++) {
        figures.put(all.get(i).id(), each.get(i).result());
      }
      return figures;
    });
  }
}
