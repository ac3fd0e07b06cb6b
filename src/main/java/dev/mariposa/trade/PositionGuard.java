package dev.mariposa.trade;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Optional;

/**
 * Stop-loss, take-profit and trailing stop of one position at one price: the exit, if any, as a
 * high-priority CLOSE signal. Its id names the position (agent, symbol, opening time), so the
 * many ticks that cross a stop make one exit.
 */
public final class PositionGuard {
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private PositionGuard() {}

  /** An account after a price: its position's high-water mark moved, and the exit the price triggers. */
  public record Watch(Account account, Optional<Signal> exit) {}

  /** A long position exits at the bid, a short one at the ask: {@code price} is that quote. */
  public static Watch onPrice(Agent agent, Account account, String symbol, BigDecimal price, long now,
                              java.time.Duration ttl) {
    if (!account.positions().containsKey(symbol)) {
      return new Watch(account, Optional.empty());
    }
    Account marked = account.withHighWater(symbol, price);
    return new Watch(marked, check(agent, marked.positions().get(symbol), price, now, ttl));
  }

  /**
   * The stored account with the high-water marks seen since it was stored (they move on ticks and
   * are stored only with fills) kept for the positions that are still the same.
   */
  public static Account keepHighWater(Account stored, Account known) {
    if (known == null) {
      return stored;
    }
    Account kept = stored;
    for (Account.Position position : stored.positions().values()) {
      Account.Position seen = known.positions().get(position.symbol());
      if (seen != null && seen.openedAt() == position.openedAt()) {
        kept = kept.withHighWater(position.symbol(), seen.highWater());
      }
    }
    return kept;
  }

  /** The prices at which {@link #check} exits a position: each null when its limit is off (0). */
  public record Levels(BigDecimal stopLoss, BigDecimal takeProfit, BigDecimal trailingStop) {}

  /**
   * Where the position's stop-loss, take-profit and trailing stop stand, as {@link #check} applies
   * them: a move of the limit's percent against the position from its entry (the stop), in its
   * favour (the target), against it from its best price so far (the trail). For the dashboard;
   * {@code check} decides on the percent moves themselves.
   */
  public static Levels levels(Agent.RiskLimits limits, Account.Position position) {
    return new Levels(level(position, position.averagePrice(), -limits.stopLossPct()),
        level(position, position.averagePrice(), limits.takeProfitPct()),
        level(position, position.highWater(), -limits.trailingStopPct()));
  }

  /** {@code from} moved {@code favourPct} percent in the position's favour (negative: against it); null for 0. */
  private static BigDecimal level(Account.Position position, BigDecimal from, double favourPct) {
    if (favourPct == 0) {
      return null;
    }
    BigDecimal move = favour(position, BigDecimal.valueOf(favourPct)).divide(HUNDRED, MC);
    return from.multiply(BigDecimal.ONE.add(move, MC), MC);
  }

  private static BigDecimal favour(Account.Position position, BigDecimal changePct) {
    return position.isShort() ? changePct.negate() : changePct;
  }

  public static Optional<Signal> check(Agent agent, Account.Position position, BigDecimal price, long now,
                                       java.time.Duration ttl) {
    Agent.RiskLimits limits = agent.risk();
    // In the position's favour: a rise for a long, a fall for a short.
    BigDecimal change = favour(position, price.subtract(position.averagePrice(), MC).multiply(HUNDRED, MC)
        .divide(position.averagePrice(), MC));
    String reason = null;
    if (limits.stopLossPct() > 0 && change.compareTo(BigDecimal.valueOf(-limits.stopLossPct())) <= 0) {
      reason = String.format(Locale.ROOT, "stop-loss: %.3f%% from the entry %s, the stop is -%s%%", change, position.averagePrice(), limits.stopLossPct());
    } else if (limits.takeProfitPct() > 0 && change.compareTo(BigDecimal.valueOf(limits.takeProfitPct())) >= 0) {
      reason = String.format(Locale.ROOT, "take-profit: +%.3f%% from the entry %s, the target is +%s%%", change, position.averagePrice(), limits.takeProfitPct());
    } else if (limits.trailingStopPct() > 0) {
      BigDecimal fromBest = favour(position, price.subtract(position.highWater(), MC).multiply(HUNDRED, MC)
          .divide(position.highWater(), MC));
      if (fromBest.compareTo(BigDecimal.valueOf(-limits.trailingStopPct())) <= 0) {
        reason = String.format(Locale.ROOT, "trailing stop: %.3f%% from the %s %s, the trail is %s%%", fromBest,
            position.isShort() ? "low" : "high", position.highWater(), limits.trailingStopPct());
      }
    }
    return Optional.ofNullable(reason).map(r -> Signals.exit(agent.id(), position.symbol(), position.openedAt(),
        price.doubleValue(), r, now, ttl));
  }
}
