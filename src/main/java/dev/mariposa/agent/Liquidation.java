package dev.mariposa.agent;

import dev.mariposa.agent.Account.Position;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Where a swap position is liquidated, as OKX computes it for a linear (USDT-margined) swap: the
 * venue liquidates when the margin ratio, (margin + unrealized profit at the mark) divided by
 * (quantity × mark × (maintenance margin rate + taker fee rate)), falls to 100 %. Solved for the
 * mark, with q the quantity in the base asset, E the entry and M the margin:
 * a long at (q·E − M) / (q·(1 − mmr − fee)), a short at (q·E + M) / (q·(1 + mmr + fee)).
 * An isolated position's margin is its own; a cross one is backed by the cash no other position
 * reserves. Live, the venue's reported liqPx is what counts; this is the paper exchange's, the
 * backtest's and the risk gate's estimate of it.
 */
public final class Liquidation {
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  /** OKX's regular-tier taker fee on USDT-margined swaps: the closing fee the liquidation price allows for. */
  public static final BigDecimal SWAP_TAKER_FEE = new BigDecimal("0.0005");

  private Liquidation() {}

  /** The margin that backs {@code position} in {@code account}: its own (isolated), or the cash no other position reserves (cross). */
  public static BigDecimal margin(Account account, Position position, Market.MarginMode mode) {
    return mode == Market.MarginMode.ISOLATED ? position.margin() : account.freeCash().add(position.margin(), MC);
  }

  /** The mark at which {@code position}, backed by {@code margin}, is liquidated; zero for a long no price can liquidate. */
  public static BigDecimal price(Position position, BigDecimal margin, BigDecimal maintenanceMarginRate,
                                 BigDecimal takerFeeRate) {
    BigDecimal q = position.quantity();
    BigDecimal entryValue = q.multiply(position.averagePrice(), MC);
    BigDecimal rates = maintenanceMarginRate.add(takerFeeRate, MC);
    if (position.isShort()) {
      return entryValue.add(margin, MC).divide(q.multiply(BigDecimal.ONE.add(rates, MC), MC), MC);
    }
    BigDecimal price = entryValue.subtract(margin, MC).divide(q.multiply(BigDecimal.ONE.subtract(rates, MC), MC), MC);
    return price.max(BigDecimal.ZERO);
  }

  /** Whether {@code mark} has reached the liquidation price {@code at}: at or below it for a long, at or above for a short. */
  public static boolean reached(Position position, BigDecimal at, BigDecimal mark) {
    return position.isShort() ? mark.compareTo(at) >= 0 : at.signum() > 0 && mark.compareTo(at) <= 0;
  }

  /** How far the liquidation price is from {@code mark}, in percent of the mark (100 when no price liquidates). */
  public static BigDecimal distancePct(BigDecimal liquidationPrice, BigDecimal mark) {
    if (liquidationPrice.signum() <= 0) {
      return HUNDRED;
    }
    return liquidationPrice.subtract(mark, MC).abs().multiply(HUNDRED, MC).divide(mark, 6, RoundingMode.HALF_UP);
  }
}
