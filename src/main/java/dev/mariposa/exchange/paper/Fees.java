package dev.mariposa.exchange.paper;

import dev.mariposa.agent.Liquidation;
import dev.mariposa.config.MariposaConfig;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A venue's fee rates on a fill's notional: {@code maker} for an order that rested and was hit,
 * {@code taker} for one that crossed the book. The defaults are the venues' publicly documented
 * regular-tier (no volume, no token discount) spot rates: Binance spot 0.10 % maker and taker,
 * OKX spot 0.08 % maker and 0.10 % taker; a perpetual swap order pays OKX's regular-tier
 * USDT-margined swap rates, 0.02 % maker and 0.05 % taker ({@link #okxSwap}), the taker one being
 * the closing fee {@link dev.mariposa.agent.Liquidation} allows for.
 */
public record Fees(BigDecimal maker, BigDecimal taker) {
  public Fees {
    Objects.requireNonNull(maker, "maker");
    Objects.requireNonNull(taker, "taker");
  }

  /** The paper exchange's fees as configured ({@code exchange.paper.*}). */
  public static Fees of(MariposaConfig.Paper configured) {
    return new Fees(configured.makerFee(), configured.takerFee());
  }

  public static Fees binanceSpot() {
    return new Fees(new BigDecimal("0.001"), new BigDecimal("0.001"));
  }

  public static Fees okxSwap() {
    return new Fees(new BigDecimal("0.0002"), Liquidation.SWAP_TAKER_FEE);
  }

  /** The rates an order pays: these, or the swap rates for an order on a perpetual swap. */
  public Fees forOrder(boolean swap) {
    return swap ? okxSwap() : this;
  }

  public static Fees okxSpot() {
    return new Fees(new BigDecimal("0.0008"), new BigDecimal("0.001"));
  }
}
