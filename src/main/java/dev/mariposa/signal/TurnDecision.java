package dev.mariposa.signal;

import dev.mariposa.agent.Agent;
import dev.mariposa.kernel.RiskEngine;
import io.vertx.core.Future;

/**
 * One signal decided in its agent's turn, the agent's previous order settled: the risk gate's
 * verdict; an approved signal's order counted in flight, then handed to the trade stream; the
 * outcome recorded and the signal acknowledged on the queue. The signal role decides the queue's
 * signals with it, the trade role the exits of the positions it watches ({@link ExitDesk}).
 */
public final class TurnDecision {
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
            .compose(v -> waitsForLivePrices(signal, verdict) ? queue.forget(signal) : Future.succeededFuture()));
  }

  /**
   * A real-money exit refused because its prices stopped being live between the guard's tick and
   * this check: the guard decides it again on the next live price, under the same id (nothing was
   * placed), so the queue must take it again.
   */
  private static boolean waitsForLivePrices(Signal signal, RiskRules.Verdict verdict) {
    return signal.source() == Signal.Source.EXIT && LivePrices.CHECK.equals(verdict.check());
  }
}
