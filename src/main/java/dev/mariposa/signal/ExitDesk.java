package dev.mariposa.signal;

import dev.mariposa.agent.Agent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.UUID;

/**
 * Where the trade role hands the exits of the positions it watches: decided on the spot, the
 * queue's hop and the signal role skipped, when the agent's turn is free and no order of the
 * agent is in flight; queued for the signal role otherwise, which decides it once that order
 * settles. Every trade role watches every position, so an exit is first claimed by the queue's
 * dedup key: of the copies the trade roles offer, one is decided, once. Decided here or there, an
 * exit gets the same checks ({@link TurnDecision}) and reaches the venue through the trade stream.
 */
public final class ExitDesk {
  /**
   * How long a claim holds without an outcome: a trade role that dies between claiming an exit and
   * deciding or queueing it leaves it to be offered again after this, not after a day.
   */
  static final Duration CLAIM = Duration.ofSeconds(5);

  private final SignalQueue queue;
  private final SignalDesk desk;
  private final AgentTurns turns;
  private final TurnDecision decision;
  /** Names this desk's takes of agents' turns apart from every other's. */
  private final String turnHolders = "exit-" + UUID.randomUUID().toString().substring(0, 8);
  private long turnTakes;
  private final Counter direct;
  private final Counter queued;

  public ExitDesk(SignalQueue queue, SignalDesk desk, AgentTurns turns, TurnDecision decision, MeterRegistry meters) {
    this.queue = queue;
    this.desk = desk;
    this.turns = turns;
    this.decision = decision;
    this.direct = exits(meters, "direct");
    this.queued = exits(meters, "queued");
  }

  /** Decides or queues {@code exit} unless another offer of it came first; {@code now}: decision time. */
  public Future<Void> exit(Signal exit, Agent agent, long now) {
    return queue.claim(exit, CLAIM).compose(claimed -> claimed ? inTurn(exit, agent, now) : Future.succeededFuture());
  }

  /** The agent's order in flight is settled: its signals postponed behind it are due now. */
  public Future<Void> wake(String agentId) {
    return desk.wake(agentId);
  }

  private Future<Void> inTurn(Signal exit, Agent agent, long now) {
    String holder = exit.id() + " " + turnHolders + "-" + (++turnTakes);
    return turns.take(agent.id(), holder, now).compose(inFlight -> {
      if (inFlight.isPresent() && !InFlightOrder.awaited(inFlight.get())) {
        direct.increment();
        return decision.decide(exit, agent, now).eventually(() -> turns.release(agent.id(), holder).otherwiseEmpty())
            // The claim holds: queued, the signal role decides it again (an order placed meanwhile
            // is found by its client id, not placed twice; a sent record is kept).
            .recover(t -> toQueue(exit))
            // Not kept (Redis away), the claim lapses: a later offer finds the order in flight, or none.
            .compose(v -> queue.keep(exit).otherwiseEmpty());
      }
      Future<Void> released = inFlight.isPresent() ? turns.release(agent.id(), holder).otherwiseEmpty()
          : Future.succeededFuture();
      return released.compose(v -> toQueue(exit));
    });
  }

  private Future<Void> toQueue(Signal exit) {
    queued.increment();
    return desk.submitClaimed(exit).mapEmpty();
  }

  private static Counter exits(MeterRegistry meters, String path) {
    return Counter.builder("mariposa.exits").tag("path", path)
        .description("Position exits offered by the trade role: decided on the spot, or queued behind an order in flight")
        .register(meters);
  }
}
