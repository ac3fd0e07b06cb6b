package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.events.Ticker;
import dev.mariposa.trade.PositionGuard;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The exits a ticker decides, the same live and in backtests: every agent holding its symbol has
 * the position's high-water mark moved and its stops checked ({@link PositionGuard}) at the exact
 * bid (a short at the ask), once the {@link PriceGate} lets the agent's exits be decided on this ticker (live: a
 * real-money account only on live venue prices; in a backtest: always).
 */
public final class ExitEngine {
  /** Whether the agent's exits may be decided on this ticker. */
  @FunctionalInterface
  public interface PriceGate {
    boolean decidable(Agent agent, Ticker ticker, long now);

    /** Every price decides (paper accounts replayed in a backtest). */
    static PriceGate always() {
      return (agent, ticker, now) -> true;
    }
  }

  /** An agent and its account as the caller holds them. */
  public record Holder(Agent agent, Account account) {}

  private final PriceGate gate;
  private final Duration signalTtl;

  public ExitEngine(PriceGate gate, Duration signalTtl) {
    this.gate = gate;
    this.signalTtl = signalTtl;
  }

  /**
   * For each holder of the ticker's symbol the gate lets decide, in the order given: its account
   * with the high-water mark kept, and the exit the bid triggers, if any.
   */
  public List<PositionGuard.Watch> onTicker(Ticker ticker, Collection<Holder> holders, long now) {
    List<PositionGuard.Watch> watches = new ArrayList<>();
    for (Holder holder : holders) {
      Account.Position held = holder.account().positions().get(ticker.symbol());
      if (held != null && gate.decidable(holder.agent(), ticker, now)) {
        // A long position exits at the bid, a short one at the ask, exact as quoted.
        BigDecimal exit = held.isShort() ? ticker.ask() : ticker.bid();
        watches.add(PositionGuard.onPrice(holder.agent(), holder.account(), ticker.symbol(), exit, now, signalTtl));
      }
    }
    return watches;
  }
}
