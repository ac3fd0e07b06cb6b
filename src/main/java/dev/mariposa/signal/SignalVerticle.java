package dev.mariposa.signal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.AddressFamily;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.kernel.MarketClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal role: consumes the priority queue of signals (the analysis role queues its results'
 * signals, once per agent, symbol and bar, on the instance that ran the analysis): each signal
 * taken by one instance, checked by the risk gate, then handed to the trade stream or rejected
 * with its reason, and acknowledged only then. An agent's signals are decided one at a time: one
 * is checked only in its agent's turn ({@link AgentTurns}) and once the agent's previous approved
 * order is settled ({@link InFlightOrders}); until then it is postponed (woken when that order
 * settles, {@link SignalDesk#wake}), keeping its place in the
 * queue. A signal whose processing fails (a store away) is tried again shortly, a little later
 * each attempt; one whose consumer dies is put back after its visibility deadline; one that failed
 * {@value #MAX_ATTEMPTS} times, or expired, is dropped with the reason recorded.
 */
public final class SignalVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SignalVerticle.class);
  public static final String QUEUED = AddressFamily.SIGNALS_QUEUED.template();
  static final int MAX_ATTEMPTS = 5;
  private static final Duration IDLE_POLL = Duration.ofMillis(20);
  /**
   * A signal behind its agent's order in flight waits for the order to settle (the trade role
   * wakes it), at most this long: it is not tried again every poll meanwhile.
   */
  private static final Duration SETTLE_WAIT = Duration.ofMillis(500);
  /** A signal whose processing failed comes back after this, times its attempts. */
  private static final Duration RETRY_WAIT = Duration.ofMillis(200);
  private static final int CONSUMERS = 16;

  private final MariposaConfig.Trade config;
  private final SignalQueue queue;
  private final SignalDesk desk;
  private final TradeStream stream;
  private final TurnDecision decision;
  private final InFlightOrders inFlight;
  private final AgentTurns turns;
  private final AgentRepository agents;
  private final MeterRegistry meters;
  private final MarketClock clock;
  private AsyncCache<String, Optional<Agent>> agentCache;
  private int running;
  /** Names this verticle's takes of agents' turns apart from every other's. */
  private final String turnHolders = UUID.randomUUID().toString().substring(0, 8);
  private long turnTakes;
  private boolean stopped;
  private Counter taken;
  private io.micrometer.core.instrument.Timer processing;

  /**
   * {@code desk} records on {@code queue}; {@code decision} decides a signal in its turn;
   * {@code turns} lets one signal of an agent be decided at a time, cluster-wide.
   */
  public SignalVerticle(MariposaConfig.Trade config, SignalQueue queue, SignalDesk desk, TradeStream stream,
                        TurnDecision decision, InFlightOrders inFlight, AgentTurns turns, AgentRepository agents,
                        MeterRegistry meters, MarketClock clock) {
    this.config = config;
    this.queue = queue;
    this.desk = desk;
    this.stream = stream;
    this.decision = decision;
    this.inFlight = inFlight;
    this.turns = turns;
    this.agents = agents;
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    agentCache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(5)).buildAsync();
    taken = Counter.builder("mariposa.signals.taken").description("Signals taken from the queue").register(meters);
    processing = io.micrometer.core.instrument.Timer.builder("mariposa.signals.processing")
        .description("From a signal taken to its outcome recorded (risk gate, hand-off)").publishPercentiles(0.5, 0.99)
        .register(meters);

    Future<?> listening = Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.AGENTS_CHANGED, m -> agentCache.synchronous().invalidateAll())
            .completion(),
        vertx.eventBus().consumer(QUEUED, m -> drain()).completion());
    vertx.setPeriodic(IDLE_POLL.toMillis(), id -> drain());
    vertx.setPeriodic(1_000, id -> queue.requeueLate(100)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.warn("{} signals were not acknowledged in time (a consumer died?): back in the queue", n);
            drain();
          }
        }));
    return Future.all(listening, stream.ensureGroup().otherwiseEmpty());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return Future.succeededFuture();
  }

  /**
   * Keeps up to {@value #CONSUMERS} signals in work: one take at a time while the queue may be
   * empty, another in parallel as soon as one comes back with a signal.
   */
  private void drain() {
    if (stopped || running >= CONSUMERS) {
      return;
    }
    running++;
    queue.take(config.signalVisibility()).onComplete(ar -> {
      if (ar.failed() || ar.result().isEmpty()) {
        running--;
        return;
      }
      taken.increment();
      drain();
      SignalQueue.Taken next = ar.result().get();
      long started = System.nanoTime();
      process(next).onComplete(done -> {
        processing.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        running--;
        if (done.failed()) {
          Duration wait = RETRY_WAIT.multipliedBy(next.attempt());
          LOG.warn("Signal {} not processed, tried again in {} ms: {}", next.signal().id(), wait.toMillis(),
              done.cause().getMessage());
          queue.retryAfter(next.signal().id(), wait) // if Redis is away too, its visibility brings it back
              .onFailure(t -> LOG.debug("Signal {} left to its visibility deadline: {}", next.signal().id(), t.getMessage()));
        }
        drain();
      });
    });
  }

  private Future<Void> process(SignalQueue.Taken taken) {
    Signal signal = taken.signal();
    long now = clock.millis(signal.symbol());
    if (taken.attempt() > MAX_ATTEMPTS) {
      return desk.finish(signal, "dropped", "attempts", "failed " + MAX_ATTEMPTS + " times");
    }
    if (signal.expired(now)) {
      return desk.finish(signal, "expired", "expiry", "expired " + (now - signal.expiresAt()) + " ms before it was taken");
    }
    return agent(signal.agentId()).compose(agent -> {
      if (agent.isEmpty()) {
        return desk.finish(signal, "dropped", "agent", "agent " + signal.agentId() + " no longer exists");
      }
      // The turn is held by this take of the signal, not by the signal: a second take of it (woken
      // or put back while this one still runs) must wait for the turn like any other signal.
      String holder = signal.id() + " " + turnHolders + "-" + (++turnTakes);
      return turns.take(signal.agentId(), holder, now).compose(inFlight -> inFlight.isPresent()
          ? decideInTurn(signal, agent.get(), inFlight.get(), now)
              .eventually(() -> releaseTurn(signal, holder))
              .compose(waiting -> waiting ? wakeIfSettled(signal, now) : Future.succeededFuture())
          : queue.postpone(signal.id(), IDLE_POLL));
    });
  }

  /**
   * In the agent's turn: checked once its previous approved order is settled, so against the
   * account, cooldown and order rate that order left, as a backtest decides; otherwise postponed
   * until that order settles (true). An entry resting at the venue is not awaited: it is counted.
   */
  private Future<Boolean> decideInTurn(Signal signal, Agent agent, List<InFlightOrder> unsettled, long now) {
    return !InFlightOrder.awaited(unsettled) ? decision.decide(signal, agent, now).map(false)
        : queue.postponeUntilSettled(signal.id(), signal.agentId(), SETTLE_WAIT).map(true);
  }

  /**
   * Postponed behind an order that may have settled between the turn's read and the postponement
   * (its wake then found nothing): read again once the turn is free, and woken if so.
   */
  private Future<Void> wakeIfSettled(Signal signal, long now) {
    return inFlight.of(signal.agentId(), now)
        .compose(left -> !InFlightOrder.awaited(left) ? desk.wake(signal.agentId()) : Future.succeededFuture());
  }

  /** A turn left held (Redis away) frees itself after the visibility: the outcome recorded stands. */
  private Future<Void> releaseTurn(Signal signal, String holder) {
    return turns.release(signal.agentId(), holder).otherwiseEmpty();
  }

  private Future<Optional<Agent>> agent(String id) {
    return Future.fromCompletionStage(agentCache.get(id, (key, executor) ->
        agents.get(key).toCompletionStage().toCompletableFuture()), context);
  }
}
