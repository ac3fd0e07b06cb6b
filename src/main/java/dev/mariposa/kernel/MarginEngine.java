package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.Liquidation;
import dev.mariposa.exchange.Fill;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * What a swap position's margin goes through between fills, the same on the paper exchange and in
 * backtests: funding paid or received at each funding time, and liquidation when the mark reaches
 * the liquidation price ({@link Liquidation}): the position is closed at that price with the
 * venue's taker fee, and the margin that backed it is lost. Live on OKX the venue does both; its
 * bills and positions say so (reconciliation).
 */
public final class MarginEngine {
  private static final MathContext MC = MathContext.DECIMAL64;

  private MarginEngine() {}

  /**
   * A liquidation: the account after it, its fill (the whole position at the liquidation price,
   * the venue's taker fee), the margin lost, and of it what the venue kept beyond the loss to the
   * price and the fee ({@code kept}: the maintenance margin left).
   */
  public record Liquidated(String id, Account account, Fill fill, boolean buy, BigDecimal lost, BigDecimal kept,
                           String reason) {}

  /** The id of a liquidation of the position opened at {@code openedAt}: one per position. */
  public static String liquidationId(String agentId, String symbol, long openedAt) {
    return agentId + ":" + symbol + ":liquidation:" + openedAt;
  }

  /**
   * The agent's {@code symbol} position liquidated if {@code adverse}, the worst mark seen (the low
   * for a long, the high for a short), reached its liquidation price at the instrument's
   * maintenance margin rate {@code mmr}; empty otherwise.
   */
  public static Optional<Liquidated> liquidation(Agent agent, Account account, String symbol, BigDecimal adverse,
                                                 BigDecimal mmr, long now) {
    Account.Position held = account.positions().get(symbol);
    if (held == null || !held.isSwap()) {
      return Optional.empty();
    }
    BigDecimal margin = Liquidation.margin(account, held, agent.account().market().marginMode());
    BigDecimal price = Liquidation.price(held, margin, mmr, Liquidation.SWAP_TAKER_FEE);
    if (!Liquidation.reached(held, price, adverse)) {
      return Optional.empty();
    }
    BigDecimal fee = held.quantity().multiply(price, MC).multiply(Liquidation.SWAP_TAKER_FEE, MC);
    String id = liquidationId(agent.id(), symbol, held.openedAt());
    Account after = account.liquidate(id, symbol, price, fee, margin, now);
    String reason = "liquidation: the mark reached " + price.setScale(2, RoundingMode.HALF_UP).toPlainString()
        + " (" + held.side().venueName() + " from " + held.averagePrice().stripTrailingZeros().toPlainString() + " at "
        + held.leverage() + "×); the margin of " + margin.setScale(2, RoundingMode.HALF_UP).toPlainString()
        + " is lost";
    BigDecimal kept = margin.add(held.unrealized(price), MC).subtract(fee, MC);
    return Optional.of(new Liquidated(id, after, new Fill(held.quantity(), price, fee, now), held.isShort(), margin, kept,
        reason));
  }

  /** How far (percent of {@code mark}) the position's liquidation price is from {@code mark}. */
  public static BigDecimal distancePct(Agent agent, Account account, Account.Position held, BigDecimal mark,
                                       BigDecimal mmr) {
    BigDecimal margin = Liquidation.margin(account, held, agent.account().market().marginMode());
    return Liquidation.distancePct(Liquidation.price(held, margin, mmr, Liquidation.SWAP_TAKER_FEE), mark);
  }

  /** The account after the funding of every swap position in {@code symbol} at {@code fundingTime}, at {@code mark}. */
  public static Account funding(Account account, String symbol, FundingRates rates, BigDecimal mark, long fundingTime) {
    Account.Position held = account.positions().get(symbol);
    if (held == null || !held.isSwap() || held.openedAt() >= fundingTime) {
      return account;
    }
    return account.applyFunding(symbol, rates.rateAt(symbol, fundingTime), mark, fundingTime);
  }
}
