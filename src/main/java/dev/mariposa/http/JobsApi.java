package dev.mariposa.http;

import dev.mariposa.config.ApiScope;
import dev.mariposa.jobs.JobKeys;
import dev.mariposa.jobs.JobsVerticle;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/** GET /api/jobs (each job's last run and counts) and POST /api/jobs/{name}/run (admin: run it now, once). */
public final class JobsApi implements ApiRoutes {
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final JsonCache cache;
  private final BearerAuth auth;

  /** {@code auth} guards running a job now. */
  public JobsApi(BearerAuth auth, RedisConnections redis, RedisKeys keys, JsonCache cache) {
    this.auth = auth;
    this.redis = redis;
    this.keys = keys;
    this.cache = cache;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/jobs").handler(this::list);
    router.post("/api/jobs/:name/run").handler(auth.allowing(ApiScope.ADMIN, "run jobs")).handler(this::run);
  }

  private void list(RoutingContext ctx) {
    List<String> names = JobsVerticle.BUILT_IN;
    cache.getAll(names.stream().map(n -> JobKeys.status(keys, n)).toList())
        .onSuccess(found -> {
          JsonArray jobs = new JsonArray();
          for (int i = 0; i < names.size(); i++) {
            JsonObject status = found.get(i).orElse(new JsonObject().put("name", names.get(i)).put("total", 0));
            status.remove("runs");
            jobs.add(status);
          }
          ctx.json(new JsonObject().put("jobs", jobs));
        })
        .onFailure(t -> ApiError.send(ctx, t, "the jobs' status"));
  }

  private void run(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!JobsVerticle.BUILT_IN.contains(name)) {
      ApiError.send(ctx, ErrorCode.JOB_NOT_FOUND, "No job " + name + "; jobs: " + JobsVerticle.BUILT_IN);
      return;
    }
    String request = UUID.randomUUID().toString().substring(0, 8);
    JobKeys.request(redis, keys, name, request)
        .onSuccess(fresh -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("name", name).put("requested", fresh)
                .put("message", fresh ? "a jobs instance runs it within a second" : "a run was already requested").encode()))
        .onFailure(t -> ApiError.send(ctx, t, "the jobs' run requests"));
  }
}
