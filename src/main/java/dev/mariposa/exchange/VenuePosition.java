package dev.mariposa.exchange;

import dev.mariposa.exchange.SwapOrder.PositionSide;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A perpetual swap position as the venue reports it (OKX: GET /api/v5/account/positions), for reconciliation
 * and accounting, in Mariposa's units: the quantity in the base asset (contracts × contract size),
 * money in the settlement currency (USDT).
 *
 * @param symbol      Mariposa's symbol (BTCUSDT of BTC-USDT-SWAP)
 * @param side        LONG or SHORT: OKX's posSide in long/short mode, the sign of pos in net mode
 * @param contracts   the size at OKX, in contracts, never negative
 * @param quantity    the size in the base asset, never negative
 * @param liqPx       the liquidation price; empty when OKX gives none (a cross position far from it)
 * @param margin      the margin held: OKX's margin of an isolated position, its imr (initial
 *                    margin requirement) of a cross one
 * @param upl         unrealized profit and loss on the mark price
 * @param fundingFee  the funding paid (negative) or earned since the position opened
 * @param realizedPnl realized profit and loss, fees and funding included
 */
public record VenuePosition(String symbol, String instId, PositionSide side, BigDecimal contracts, BigDecimal quantity,
                            BigDecimal avgPx, BigDecimal markPx, Optional<BigDecimal> liqPx, BigDecimal margin,
                            BigDecimal lever, String mgnMode, BigDecimal upl, BigDecimal fundingFee,
                            BigDecimal realizedPnl) {
  public VenuePosition {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(liqPx, "liqPx");
  }
}
