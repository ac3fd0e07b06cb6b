package dev.mariposa.metrics;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.redis.Claims;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.signal.TradeStream;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics role, so far: every {@link #REFRESH}, one instance of the cluster (a claim per
 * period in Redis) recomputes every agent's performance from its fills and the live marks (the
 * fills heard on {@code trade.<agentId>} since folded onto what it held), caches
 * it, ranks it, and publishes it on {@code perf.agent.<id>} and the top of the board on
 * {@code perf.leaderboard}. Snapshots in MongoDB are the jobs role's {@code performance-snapshot}.
 * Every instance exports each agent's figures it hears as gauges ({@link AgentGauges}).
 */
public final class PerformanceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PerformanceVerticle.class);
  static final Duration REFRESH = Duration.ofSeconds(2);
  private static final int BOARD = 20;

  private final String instanceId;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final MeterRegistry meters;
  private final InstantSource clock;
  private final PerformanceService performance;
  private final AgentRepository agents;
  private final SignalQueue signals;
  private final TradeStream trades;
  private boolean running;
  private final AtomicLong signalsPending = new AtomicLong();
  private final AtomicLong tradesPending = new AtomicLong();
  private final Map<String, MessageConsumer<TradeEvent>> tradeEvents = new HashMap<>();
  private final Map<String, MessageConsumer<JsonObject>> figureEvents = new HashMap<>();
  private AgentGauges gauges;

  /** {@code redis} and {@code keys} claim each refresh for one instance of the cluster. */
  public PerformanceVerticle(String instanceId, PerformanceService performance, AgentRepository agents,
                             SignalQueue signals, TradeStream trades, RedisConnections redis, RedisKeys keys,
                             MeterRegistry meters, InstantSource clock) {
    this.instanceId = instanceId;
    this.performance = performance;
    this.agents = agents;
    this.signals = signals;
    this.trades = trades;
    this.redis = redis;
    this.keys = keys;
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    gauges = new AgentGauges(meters);
    vertx.setPeriodic(REFRESH.toMillis(), id -> {
      refresh();
      queueDepths();
    });
    Gauge.builder("mariposa.queue.signals.pending", signalsPending, AtomicLong::get)
        .description("Signals waiting in the priority queue (cluster-wide)").register(meters);
    Gauge.builder("mariposa.queue.trades.pending", tradesPending, AtomicLong::get)
        .description("Trade-stream entries delivered and not acknowledged (cluster-wide)").register(meters);
    agents.all().onSuccess(all -> all.forEach(agent -> follow(agent.id())))
        .onFailure(t -> LOG.debug("Agents not read yet, their trades followed from the first refresh: {}", t.getMessage()));
    return vertx.eventBus().<JsonObject>consumer(Addresses.AGENTS_CHANGED, m -> {
      String id = m.body().getString("id");
      if ("deleted".equals(m.body().getString("change"))) {
        Optional.ofNullable(tradeEvents.remove(id)).ifPresent(MessageConsumer::unregister);
        Optional.ofNullable(figureEvents.remove(id)).ifPresent(MessageConsumer::unregister);
        gauges.forget(id);
        performance.forget(id);
      } else if (id != null) {
        follow(id);
      }
    }).completion();
  }

  /**
   * Hears the agent's settled orders, cluster-wide (their fills are folded on at the next refresh
   * by id), and its figures, whichever instance refreshed them (its gauges).
   */
  private void follow(String agentId) {
    tradeEvents.computeIfAbsent(agentId, id ->
        vertx.eventBus().<TradeEvent>consumer(Addresses.agentTrades(id), m -> performance.heard(m.body())));
    figureEvents.computeIfAbsent(agentId, id ->
        vertx.eventBus().<JsonObject>consumer(Addresses.agentPerformance(id), m -> gauges.record(m.body())));
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
    String claim = keys.key("perf:", "refresh", Long.toString(slot));
    Claims.once(redis, claim, instanceId, REFRESH.multipliedBy(2))
        .compose(won -> !won ? Future.succeededFuture() : agents.all().compose(this::refreshAll))
        .onFailure(t -> LOG.debug("Performance refresh skipped: {}", t.getMessage()))
        .onComplete(ar -> running = false);
  }

  private Future<Void> refreshAll(List<Agent> all) {
    all.forEach(agent -> follow(agent.id()));
    return performance.refreshAll(all)
        .onSuccess(figures -> figures.forEach(f ->
            vertx.eventBus().publish(Addresses.agentPerformance(f.getString("agentId")), f)))
        .transform(ar -> performance.leaderboard(BOARD))
        .onSuccess(board -> vertx.eventBus().publish(Addresses.PERF_LEADERBOARD, new JsonObject().put("leaderboard", board)
            .put("at", clock.millis())))
        .mapEmpty();
  }
}
