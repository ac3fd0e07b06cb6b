package dev.mariposa.jobs;

import dev.mariposa.bus.Addresses;
import dev.mariposa.redis.Claims;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
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

  private final String instanceId;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final JsonCache cache;
  private final List<Job> jobs;
  private final Map<String, Long> lastSlot = new HashMap<>();
  private final Map<String, Boolean> running = new HashMap<>();

  /** Runs {@code jobs} (the built-in ones are {@link BuiltInJobs#of}); {@code cache} encodes their status. */
  public JobsVerticle(String instanceId, RedisConnections redis, RedisKeys keys, JsonCache cache, List<Job> jobs) {
    this.instanceId = instanceId;
    this.redis = redis;
    this.keys = keys;
    this.cache = cache;
    this.jobs = List.copyOf(jobs);
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(TICK.toMillis(), id -> tick());
    jobs.stream().filter(Job::runsAtStart).forEach(job -> JobKeys.request(redis, keys, job.name(), "start-" + instanceId)
        .onFailure(t -> LOG.warn("Job {} not requested at start (it runs at its next period): {}", job.name(),
            t.getMessage())));
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
    String lock = keys.key("lock:", "job", job.name(), slot);
    Claims.once(redis, lock, instanceId, hold)
        .onSuccess(won -> {
          if (won) {
            run(job, slot);
          }
        });
  }

  private void requested(Job job) {
    redis.send(Request.cmd(Command.GETDEL).arg(JobKeys.requested(keys, job.name())))
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
      JsonObject run = new JsonObject().put("slot", slot).put("instance", instanceId)
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
    String key = JobKeys.status(keys, job.name());
    redis.send(Request.cmd(Command.GET).arg(key)).onSuccess(previous -> {
      JsonObject status = previous == null ? new JsonObject() : cache.codec().decodeJson(previous.toBuffer());
      JsonArray runs = status.getJsonArray("runs", new JsonArray());
      runs.add(0, run);
      while (runs.size() > HISTORY) {
        runs.remove(runs.size() - 1);
      }
      status.put("name", job.name()).put("periodMs", job.period().toMillis()).put("lastRun", run).put("runs", runs)
          .put("total", status.getLong("total", 0L) + 1)
          .put("failures", status.getLong("failures", 0L) + ("failed".equals(run.getString("outcome")) ? 1 : 0));
      redis.send(Request.cmd(Command.SET).arg(key).arg(cache.codec().encode(status)));
    });
  }

}
