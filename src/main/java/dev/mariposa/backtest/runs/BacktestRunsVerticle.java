package dev.mariposa.backtest.runs;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.backtest.RequestedBacktest;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.research.RequestedOptimization;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs role's backtest runner, one per process: it claims the oldest queued run
 * ({@link RunStore#claim}: several instances each take a different one), runs it on a worker thread
 * ({@link RequestedBacktest}: the engine of {@code mariposa backtest}), and while it runs publishes its
 * progress on {@code backtest.<runId>} and stores it with a heartbeat every half second. An optimisation
 * ({@link RequestedOptimization}: the engine of {@code mariposa optimize}) runs the same way, its
 * progress in trials, on {@link #OPTIMIZE_THREADS} thread(s), its end the best set's score and parameters. A cancel
 * ({@code backtests.cancel}, or the run's {@code cancelRequested} read with the heartbeat) stops the
 * engine at its next progress check; one that comes after the last check still ends the run as
 * cancelled. A run whose instance stopped beating for {@link #STALE} is marked failed, not started
 * again: a run that killed its instance would kill the next one too.
 */
public final class BacktestRunsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BacktestRunsVerticle.class);
  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration HEARTBEAT = Duration.ofMillis(500);
  static final Duration STALE = Duration.ofSeconds(30);
  private static final Duration SWEEP = Duration.ofSeconds(10);

  private final String instanceId;
  private final RunStore store;
  private final MariposaConfig config;
  private final DataFiles dataFiles;
  /** Wall time: claims, heartbeats and ends are the cluster's bookkeeping, whatever time a run replays. */
  private final InstantSource clock;
  /** The run in progress here, at most one; only touched on this verticle's event loop. */
  private Current current;
  private boolean claiming;

  public BacktestRunsVerticle(String instanceId, RunStore store, MariposaConfig config, InstantSource clock) {
    this.instanceId = instanceId;
    this.store = store;
    this.config = config;
    this.dataFiles = new DataFiles(config.backtests().dataDir());
    this.clock = clock;
  }

  /** An optimisation's trials at once: the jobs role shares its instance with others. */
  static final int OPTIMIZE_THREADS = 1;

  /** A run's end on the worker: its report, and what the run and its done event say of it. */
  private record Finished(JsonObject report, JsonObject fields) {}

  /** A run in progress: the engine's figures (written by the worker) and its cancel flag. */
  private static final class Current implements RequestedBacktest.Progress {
    final String id;
    final String kind;
    final AtomicBoolean cancel = new AtomicBoolean();
    volatile int done;
    volatile int total;
    volatile int orders;
    private int published = -1;
    /** Its end is being recorded: no more progress events after the last one. */
    boolean ending;

    Current(String id, String kind) {
      this.id = id;
      this.kind = kind;
    }

    @Override
    public void update(int done, int total, int orders) {
      this.done = done;
      this.total = total;
      this.orders = orders;
      if (cancel.get()) {
        throw new RequestedBacktest.Cancelled();
      }
    }

    JsonObject progress() {
      int t = total;
      int d = done;
      return new JsonObject().put("done", d).put("total", t).put("orders", orders)
          .put("pct", t == 0 ? 0 : (int) Math.min(100, d * 100L / t));
    }

    /** Whether the figures moved since last asked. */
    boolean moved() {
      int d = done;
      boolean moved = d != published;
      published = d;
      return moved;
    }
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(POLL.toMillis(), id -> claim());
    vertx.setPeriodic(HEARTBEAT.toMillis(), id -> heartbeat());
    vertx.setPeriodic(SWEEP.toMillis(), id -> sweep());
    return vertx.eventBus().<JsonObject>consumer(Addresses.BACKTESTS_CANCEL, message -> {
      if (current != null && current.id.equals(message.body().getString("id"))) {
        current.cancel.set(true);
      }
    }).completion();
  }

  /** A graceful stop ends the run here at once (failed, saying why) rather than after the heartbeat's silence. */
  @Override
  public Future<?> stop() {
    Current running = current;
    if (running == null) {
      return Future.succeededFuture();
    }
    running.cancel.set(true);
    running.ending = true;
    JsonObject fields = new JsonObject().put("progress", running.progress())
        .put("error", "the instance running it stopped: start the run again");
    return store.finish(running.id, "failed", fields, clock.millis(), false).otherwise(false);
  }

  private void claim() {
    if (current != null || claiming) {
      return;
    }
    claiming = true;
    store.claim(instanceId, clock.millis())
        .onComplete(ar -> claiming = false)
        .onSuccess(run -> run.ifPresent(this::execute))
        .onFailure(t -> LOG.warn("Backtest runs not claimed (MongoDB): {}", t.getMessage()));
  }

  private void execute(JsonObject run) {
    Current running = new Current(run.getString("_id"), run.getString("kind", "backtest"));
    current = running;
    publish(running, "running", new JsonObject());
    vertx.executeBlocking(() -> work(run, running), false)
        .onComplete(ar -> running.ending = true)
        .compose(outcome -> store.saveReport(running.id, outcome.report().encode())
            .compose(saved -> done(running, outcome)))
        .recover(failure -> ended(running, failure))
        .onComplete(ar -> {
          current = null;
          if (ar.failed()) {
            LOG.warn("Backtest run {} not recorded as ended (it will be marked failed when stale): {}", running.id,
                ar.cause().getMessage());
          }
          claim(); // the next queued run without waiting for the poll
        });
  }

  /** On the worker: the request read again (the data resolved here), then the engine. */
  private Finished work(JsonObject run, Current progress) throws Exception {
    RunRequest request = RunRequest.parse(run.getJsonObject("request"), dataFiles);
    List<Agent> agents = new ArrayList<>();
    for (Object json : run.getJsonArray("agents", new JsonArray())) {
      agents.add(AgentJson.parse((JsonObject) json, null, Set.of()));
    }
    if (request.optimization().isPresent()) {
      RequestedOptimization.Outcome outcome = RequestedOptimization.run(request.files(), request.data(), agents.get(0),
          request.optimization().get(), request.from(), request.to(), OPTIMIZE_THREADS, config, progress);
      return new Finished(outcome.report(), new JsonObject().put("best", outcome.best().orElse(null)));
    }
    RequestedBacktest.Outcome outcome = RequestedBacktest.run(request.files(), agents, request.from(), request.to(),
        request.tuning(), config, progress);
    return new Finished(outcome.report(), new JsonObject().put("summary", summary(outcome.report()))
        .put("warnings", new JsonArray(outcome.warnings())));
  }

  private Future<Void> done(Current running, Finished outcome) {
    JsonObject progress = running.progress().put("pct", 100);
    JsonObject fields = outcome.fields().copy().put("progress", progress);
    return store.finish(running.id, "done", fields, clock.millis(), true)
        .compose(finished -> {
          if (finished) {
            JsonObject said = new JsonObject();
            if (fields.containsKey("summary")) {
              said.put("summary", fields.getJsonArray("summary"));
            } else {
              said.put("best", fields.getJsonObject("best"));
            }
            publish(running, "done", said);
            return Future.succeededFuture();
          }
          return ended(running, new RequestedBacktest.Cancelled()); // cancelled after the engine's last check
        });
  }

  private Future<Void> ended(Current running, Throwable failure) {
    String status;
    JsonObject fields = new JsonObject().put("progress", running.progress());
    if (failure instanceof RequestedBacktest.Cancelled) {
      status = "cancelled";
    } else {
      status = "failed";
      String why = failure instanceof RequestedBacktest.Refused || failure instanceof InvalidRequest
          ? failure.getMessage() : "the run failed: " + failure;
      if (!(failure instanceof RequestedBacktest.Refused || failure instanceof InvalidRequest)) {
        LOG.warn("Backtest run {} failed", running.id, failure);
      }
      fields.put("error", why);
    }
    return store.finish(running.id, status, fields, clock.millis(), false)
        .onSuccess(finished -> publish(running, status, fields.containsKey("error")
            ? new JsonObject().put("error", fields.getString("error")) : new JsonObject()))
        .mapEmpty();
  }

  /** Progress out and in: published and stored when it moved; a cancel asked through MongoDB is heard here too. */
  private void heartbeat() {
    Current running = current;
    if (running == null) {
      return;
    }
    JsonObject progress = running.progress();
    if (running.moved() && !running.ending) {
      publish(running, "running", new JsonObject());
    }
    store.heartbeat(running.id, progress, clock.millis())
        .onSuccess(cancel -> {
          if (cancel) {
            running.cancel.set(true);
          }
        })
        .onFailure(t -> LOG.warn("Backtest run {}: heartbeat not stored: {}", running.id, t.getMessage()));
  }

  private void sweep() {
    long now = clock.millis();
    store.failStale(now - STALE.toMillis(), now)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.warn("{} backtest run(s) marked failed: their instance stopped beating", n);
          }
        });
  }

  private void publish(Current running, String status, JsonObject extra) {
    JsonObject event = new JsonObject().put("id", running.id).put("kind", running.kind).put("status", status)
        .put("instance", instanceId).put("progress", status.equals("done") ? running.progress().put("pct", 100)
            : running.progress()).put("at", clock.millis());
    vertx.eventBus().publish(Addresses.backtest(running.id), event.mergeIn(extra));
  }

  /** Each agent's headline figures, as the report has them. */
  static JsonArray summary(JsonObject report) {
    JsonArray summary = new JsonArray();
    for (Object item : report.getJsonArray("agents")) {
      JsonObject agent = (JsonObject) item;
      JsonObject p = agent.getJsonObject("performance");
      summary.add(new JsonObject().put("agentId", agent.getJsonObject("agent").getString("id"))
          .put("returnPct", p.getValue("returnPct")).put("equity", p.getValue("equity")).put("fills", p.getValue("fills"))
          .put("roundTrips", p.getValue("roundTrips")).put("winRatePct", p.getValue("winRatePct"))
          .put("maxDrawdownPctMarked", p.getValue("maxDrawdownPctMarked")));
    }
    return summary;
  }
}
