package dev.mariposa.signal;

import dev.mariposa.bus.Addresses;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a signal's life is written down: queued once (the queue's dedup decides), then finished
 * as sent, rejected, expired or dropped with the check and reason. Each step goes to
 * {@code signal:<agentId>} in Redis (the current signal) and to {@code signal.<agentId>} on the
 * bus, and the finish to MongoDB (the history; the queued step is in the queue itself). A
 * finished signal is acknowledged on the queue last, so a crash before that repeats the step
 * rather than losing it.
 */
public final class SignalDesk {
  private static final Duration CURRENT_TTL = Duration.ofHours(1);

  private final Vertx vertx;
  private final SignalQueue queue;
  private final SignalRepository history;
  private final JsonCache cache;
  private final RedisKeys keys;
  private final MeterRegistry meters;
  private final MarketClock clock;

  public SignalDesk(Vertx vertx, SignalQueue queue, SignalRepository history, JsonCache cache, RedisKeys keys,
                    MeterRegistry meters, MarketClock clock) {
    this.vertx = vertx;
    this.queue = queue;
    this.history = history;
    this.cache = cache;
    this.keys = keys;
    this.meters = meters;
    this.clock = clock;
  }

  public SignalRepository history() {
    return history;
  }

  /** Queues the signal unless its (agent, symbol, bar) was queued before; true when queued now. */
  public Future<Boolean> submit(Signal signal) {
    return queued(signal, queue.offer(signal));
  }

  /** Queues a signal its caller {@link SignalQueue#claim claimed} to decide itself, and then could not. */
  public Future<Boolean> submitClaimed(Signal signal) {
    return queued(signal, queue.offerClaimed(signal));
  }

  private Future<Boolean> queued(Signal signal, Future<Boolean> offered) {
    return offered.compose(queued -> {
      if (!queued) {
        count("duplicate");
        return Future.succeededFuture(false);
      }
      return note(signal, "queued", "", "", false).map(true)
          .onSuccess(v -> vertx.eventBus().publish(SignalVerticle.QUEUED, signal.id(), new DeliveryOptions().setLocalOnly(true)));
    });
  }

  /**
   * The agent's order in flight is settled: its signals postponed behind it are due now, and a
   * signal role of this instance is told to take them (one elsewhere polls).
   */
  public Future<Void> wake(String agentId) {
    return queue.wake(agentId).onSuccess(woken -> {
      if (woken > 0) {
        vertx.eventBus().publish(SignalVerticle.QUEUED, agentId, new DeliveryOptions().setLocalOnly(true));
      }
    }).mapEmpty();
  }

  /** The signal's outcome, recorded; then acknowledged on the queue (nothing to do for one never queued). */
  public Future<Void> finish(Signal signal, String status, String check, String reason) {
    return note(signal, status, check, reason, true).compose(v -> queue.ack(signal.id()));
  }

  /** The agent's current signal with its status. */
  public Future<Optional<JsonObject>> current(String agentId) {
    return cache.get(keys.key("signal:", agentId));
  }

  /** Queued signals are noted in Redis and on the bus only; the history gets each signal once, finished. */
  private Future<Void> note(Signal signal, String status, String check, String reason, boolean durable) {
    long at = clock.millis(signal.symbol());
    Future<Boolean> recorded = durable ? history.record(signal, status, check, reason, at) : Future.succeededFuture(true);
    return recorded.compose(fresh -> {
      if (!fresh) {
        return Future.succeededFuture(); // sent on an earlier attempt: counted and said then
      }
      count(status);
      JsonObject event = signal.toJson().put("status", status).put("check", check).put("reason", reason)
          .put("at", at);
      return cache.put(keys.key("signal:", signal.agentId()), event, CURRENT_TTL)
          .onSuccess(v -> vertx.eventBus().publish(Addresses.signal(signal.agentId()), event));
    });
  }

  private void count(String status) {
    Counter.builder("mariposa.signals").tag("status", status).description("Signals by what became of them")
        .register(meters).increment();
  }
}
