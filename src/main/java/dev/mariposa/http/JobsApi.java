package dev.mariposa.http;

import dev.mariposa.jobs.JobKeys;
import dev.mariposa.jobs.JobsVerticle;
import dev.mariposa.wiring.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.UUID;

/** GET /api/jobs (each job's last run and counts) and POST /api/jobs/{name}/run (admin: run it now, once). */
final class JobsApi {
  private final Services platform;
  private final BearerAuth auth;

  JobsApi(Services platform) {
    this.platform = platform;
    this.auth = new BearerAuth(platform.config().api().tokens());
  }

  void mount(Router router) {
    router.get("/api/jobs").handler(this::list);
    router.post("/api/jobs/:name/run").handler(auth).handler(this::run);
  }

  private void list(RoutingContext ctx) {
    List<String> names = JobsVerticle.BUILT_IN;
    platform.cache().getAll(names.stream().map(n -> JobKeys.status(platform.keys(), n)).toList())
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
    // NX: a request already waiting is the same request (runs are deduplicated).
    platform.redis().send(Request.cmd(Command.SET).arg(JobKeys.requested(platform.keys(), name)).arg(request)
            .arg("NX").arg("PX").arg(60_000))
        .onSuccess(set -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("name", name).put("requested", set != null)
                .put("message", set != null ? "a jobs instance runs it within a second" : "a run was already requested").encode()))
        .onFailure(t -> ApiError.send(ctx, t, "the jobs' run requests"));
  }
}
