package dev.mariposa.http;

import dev.mariposa.jobs.BuiltInJobs;
import dev.mariposa.jobs.JobKeys;
import dev.mariposa.reconcile.DiscrepancyRepository;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * GET /api/reconciliation?limit=: the venue reconciliation's last run (from its job's status) and
 * the differences it found, last seen first, each with what was done.
 */
public final class ReconciliationApi implements ApiRoutes {
  private final DiscrepancyRepository discrepancies;
  private final JsonCache cache;
  private final RedisKeys keys;

  public ReconciliationApi(DiscrepancyRepository discrepancies, JsonCache cache, RedisKeys keys) {
    this.discrepancies = discrepancies;
    this.cache = cache;
    this.keys = keys;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/reconciliation").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    Optional<Integer> limit = Params.integer(ctx, "limit", 100, 1, 1000);
    if (limit.isEmpty()) {
      return;
    }
    cache.get(JobKeys.status(keys, BuiltInJobs.VENUE_RECONCILIATION))
        .compose(status -> discrepancies.latest(limit.get()).map(found -> {
          JsonArray list = new JsonArray();
          found.forEach(d -> list.add(d.copy().put("id", d.getString("_id"))));
          list.forEach(d -> ((JsonObject) d).remove("_id"));
          JsonObject body = new JsonObject().put("discrepancies", list).put("limit", limit.get());
          status.map(s -> s.getJsonObject("lastRun")).ifPresent(run -> body.put("lastRun", run));
          return body;
        }))
        .onSuccess(ctx::json)
        .onFailure(t -> ApiError.send(ctx, t, "the reconciliation records"));
  }
}
