package dev.mariposa.metrics;

import dev.mariposa.Platform;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.redis.Claims;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.signal.TradeStream;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics role, so far: every {@link #REFRESH}, one instance of the cluster (a claim per
 * period in Redis) recomputes every agent's performance from its fills and the live marks, caches
 * it, ranks it, and publishes it on {@code perf.agent.<id>} and the top of the board on
 * {@code perf.leaderboard}. Snapshots in MongoDB are the jobs role's {@code performance-snapshot}.
 */
public final class PerformanceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PerformanceVerticle.class);
  static final Duration REFRESH = Duration.ofSeconds(2);
  private static final int BOARD = 20;

  private final Platform platform;
  private PerformanceService performance;
  private AgentRepository agents;
  private boolean running;
  private SignalQueue signals;
  private TradeStream trades;
  private final AtomicLong signalsPending = new AtomicLong();
  private final AtomicLong tradesPending = new AtomicLong();

  public PerformanceVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    performance = new PerformanceService(platform);
    agents = new AgentRepository(platform.mongo());
    signals = new SignalQueue(platform.redis(), platform.scripts(), platform.keys());
    trades = new TradeStream(platform.redis(), platform.keys());
    vertx.setPeriodic(REFRESH.toMillis(), id -> {
      refresh();
      queueDepths();
    });
    Gauge.builder("mariposa.queue.signals.pending", signalsPending, AtomicLong::get)
        .description("Signals waiting in the priority queue (cluster-wide)").register(platform.registry());
    Gauge.builder("mariposa.queue.trades.pending", tradesPending, AtomicLong::get)
        .description("Trade-stream entries delivered and not acknowledged (cluster-wide)").register(platform.registry());
    return vertx.eventBus().<JsonObject>consumer(Addresses.AGENTS_CHANGED, m -> {
      if ("deleted".equals(m.body().getString("change"))) {
        performance.forget(m.body().getString("id"));
      }
    }).completion();
  }

  /** The cluster's queue depths as meters of this instance (the metrics role's). */
  private void queueDepths() {
    signals.depth().onSuccess(signalsPending::set);
    trades.pending().onSuccess(tradesPending::set);
  }

  private void refresh() {
    if (running) {
      return;
    }
    running = true;
    // Wall time: the claim shares out the refresh work, whatever time is being traded.
    long slot = System.currentTimeMillis() / REFRESH.toMillis();
    String claim = platform.keys().key("perf:", "refresh", Long.toString(slot));
    Claims.once(platform.redis(), claim, platform.instanceId(), REFRESH.multipliedBy(2))
        .compose(won -> !won ? Future.succeededFuture() : agents.all().compose(this::refreshAll))
        .onFailure(t -> LOG.debug("Performance refresh skipped: {}", t.getMessage()))
        .onComplete(ar -> running = false);
  }

  private Future<Void> refreshAll(List<Agent> all) {
    List<Future<JsonObject>> figures = all.stream().map(agent -> performance.refresh(agent)
        .onSuccess(f -> vertx.eventBus().publish(Addresses.agentPerformance(agent.id()), f))).toList();
    return Future.join(figures)
        .transform(ar -> performance.leaderboard(BOARD))
        .onSuccess(board -> vertx.eventBus().publish(Addresses.PERF_LEADERBOARD, new JsonObject().put("leaderboard", board)
            .put("at", platform.clock().millis())))
        .mapEmpty();
  }
}
