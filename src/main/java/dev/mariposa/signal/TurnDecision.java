package dev.mariposa.signal;

import dev.mariposa.agent.Agent;
import dev.mariposa.kernel.RiskEngine;
import io.vertx.core.Future;
import java.util.Set;

/**
 * One signal decided in its agent's turn, the agent's previous order settled: the risk gate's
 * verdict; an approved signal's order counted in flight, then handed to the trade stream; the
 * outcome recorded and the signal acknowledged on the queue. The signal role decides the queue's
 * signals with it, the trade role the exits of the positions it watches ({@link ExitDesk}).
 */
public final class TurnDecision {
  /** The checks whose refusal of an exit passes with time (see {@link #offeredAgain}). */
  private static final Set<String> PASSING = Set.of(LivePrices.CHECK, RiskRules.STALE_CHECK, RiskRules.EXCHANGE_CHECK);

  private final RiskEngine gate;
  private final InFlightOrders inFlight;
  private final TradeStream stream;
  private final SignalDesk desk;
  private final SignalQueue queue;

  public TurnDecision(RiskEngine gate, InFlightOrders inFlight, TradeStream stream, SignalDesk desk, SignalQueue queue) {
    this.gate = gate;
    this.inFlight = inFlight;
    this.stream = stream;
    this.desk = desk;
    this.queue = queue;
  }

  public Future<Void> decide(Signal signal, Agent agent, long now) {
    return gate.check(signal, agent, now).compose(verdict -> verdict.approved()
        ? inFlight.add(verdict.ticket().get())
            .compose(v -> stream.append(verdict.ticket().get()))
            .compose(id -> desk.finish(signal, "sent", "approved", "trade " + id))
        : desk.finish(signal, "rejected", verdict.check(), verdict.reason())
            .compose(v -> offeredAgain(signal, verdict) ? queue.forget(signal) : Future.succeededFuture()));
  }

  /**
   * An exit refused for a reason that passes: its real-money prices stopped being live between the
   * guard's tick and this check, the market data went stale, or the exchange did not answer. The
   * guard offers it again on a later tick, under the same id (nothing was placed), so the queue
   * must take it again: a stop-loss must not wait a day for its dedup key to lapse because the
   * venue was away for a minute.
   */
  static boolean offeredAgain(Signal signal, RiskRules.Verdict verdict) {
    return signal.source() == Signal.Source.EXIT && PASSING.contains(verdict.check());
  }
}
