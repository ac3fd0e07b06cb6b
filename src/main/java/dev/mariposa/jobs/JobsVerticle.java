package dev.mariposa.jobs;

import dev.mariposa.Platform;
import dev.mariposa.bus.Addresses;
import dev.mariposa.redis.Claims;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs role: a scheduler of named jobs. Time is cut into slots of each job's period; the
 * first instance to claim a slot ({@code lock:job:<name>:<slot>}, SET NX) runs it, so a job runs
 * once per period across the cluster however many instances have the role. A run on request
 * ({@code POST /api/jobs/{name}/run} sets {@code job:<name>:requested}) is taken by one instance
 * (GETDEL). Each run's outcome, duration and error go to {@code job:<name>} (with the last runs)
 * and to {@code jobs.<name>}; a job that fails is recorded and simply runs again next period.
 */
public final class JobsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobsVerticle.class);
  private static final Duration TICK = Duration.ofMillis(250);
  private static final int HISTORY = 20;
  /** The jobs every cluster runs. */
  public static final List<String> BUILT_IN = BuiltInJobs.names();

  private final Platform platform;
  private final List<Job> extra;
  private final Map<String, Long> lastSlot = new HashMap<>();
  private final Map<String, Boolean> running = new HashMap<>();
  private List<Job> jobs;

  public JobsVerticle(Platform platform) {
    this(platform, List.of());
  }

  /** With jobs beyond the built-in ones (tests). */
  public JobsVerticle(Platform platform, List<Job> extra) {
    this.platform = platform;
    this.extra = List.copyOf(extra);
  }

  @Override
  public Future<?> start() {
    jobs = new ArrayList<>(BuiltInJobs.of(vertx, platform));
    jobs.addAll(extra);
    vertx.setPeriodic(TICK.toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    long now = System.currentTimeMillis();
    for (Job job : jobs) {
      long slot = now / job.period().toMillis();
      Long last = lastSlot.put(job.name(), slot);
      if (last != null && last != slot) {
        claim(job, Long.toString(slot), job.period().multipliedBy(2));
      }
      requested(job);
    }
  }

  private void claim(Job job, String slot, Duration hold) {
    String lock = platform.keys().key("lock:", "job", job.name(), slot);
    Claims.once(platform.redis(), lock, platform.instanceId(), hold)
        .onSuccess(won -> {
          if (won) {
            run(job, slot);
          }
        });
  }

  private void requested(Job job) {
    platform.redis().send(Request.cmd(Command.GETDEL).arg(JobKeys.requested(platform.keys(), job.name())))
        .onSuccess(request -> {
          if (request != null) {
            run(job, "request-" + request);
          }
        });
  }

  private void run(Job job, String slot) {
    if (running.getOrDefault(job.name(), false)) {
      return; // still running from its last period: this one is skipped, and recorded as such
    }
    running.put(job.name(), true);
    long started = System.currentTimeMillis();
    Future<JsonObject> outcome;
    try {
      outcome = job.run();
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(ar -> {
      running.put(job.name(), false);
      JsonObject run = new JsonObject().put("slot", slot).put("instance", platform.instanceId())
          .put("startedAt", started).put("durationMs", System.currentTimeMillis() - started)
          .put("outcome", ar.succeeded() ? "ok" : "failed");
      if (ar.succeeded()) {
        run.put("result", ar.result());
      } else {
        run.put("error", String.valueOf(ar.cause().getMessage()));
        LOG.warn("Job {} failed: {}", job.name(), ar.cause().getMessage());
      }
      record(job, run);
      vertx.eventBus().publish(Addresses.job(job.name()), run.copy().put("name", job.name()));
    });
  }

  /** {@code job:<name>}: the last run, counts, and the last runs (newest first). */
  private void record(Job job, JsonObject run) {
    String key = JobKeys.status(platform.keys(), job.name());
    platform.redis().send(Request.cmd(Command.GET).arg(key)).onSuccess(previous -> {
      JsonObject status = previous == null ? new JsonObject() : platform.cache().codec().decodeJson(previous.toBuffer());
      JsonArray runs = status.getJsonArray("runs", new JsonArray());
      runs.add(0, run);
      while (runs.size() > HISTORY) {
        runs.remove(runs.size() - 1);
      }
      status.put("name", job.name()).put("periodMs", job.period().toMillis()).put("lastRun", run).put("runs", runs)
          .put("total", status.getLong("total", 0L) + 1)
          .put("failures", status.getLong("failures", 0L) + ("failed".equals(run.getString("outcome")) ? 1 : 0));
      platform.redis().send(Request.cmd(Command.SET).arg(key).arg(platform.cache().codec().encode(status)));
    });
  }

}
