package dev.mariposa.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.exchange.SwapOrder.PositionSide;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A swap account's bookings, checked by hand: margin, realized profit, fees, funding and liquidation. */
class SwapAccountingTest {
  private static final Market TEN_X = Market.swap(Market.MarginMode.ISOLATED, 10, true);
  private static final BigDecimal MMR = new BigDecimal("0.004");
  private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z

  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  private static Account opened() {
    return Account.open("swap", d("10000"));
  }

  @Test
  void aShortOpenedFundedAndClosedLower() {
    // Sell 0.1 BTC short at 40000, 10×: margin 400, taker fee 0.1 × 40000 × 0.05 % = 2.
    Account a = opened().applySwap("open", "BTCUSDT", SwapOrder.opening(TEN_X, PositionSide.SHORT), false, d("0.1"),
        d("40000"), d("2"), T0);
    Account.Position short0 = a.positions().get("BTCUSDT");
    assertThat(short0.side()).isEqualTo(PositionSide.SHORT);
    assertThat(short0.margin()).isEqualByComparingTo("400");
    assertThat(a.cash()).isEqualByComparingTo("9998");
    assertThat(a.freeCash()).isEqualByComparingTo("9598");
    // Equity at 39000: cash plus the short's gain of 0.1 × 1000.
    assertThat(a.equity(Map.of("BTCUSDT", d("39000")))).isEqualByComparingTo("10098");

    // Funding at +0.01 % on a mark of 39000: a short receives 0.1 × 39000 × 0.0001 = 0.39, once.
    Account funded = a.applyFunding("BTCUSDT", d("0.0001"), d("39000"), T0 + 8 * 3_600_000L);
    assertThat(funded.cash()).isEqualByComparingTo("9998.39");
    assertThat(funded.positions().get("BTCUSDT").margin()).isEqualByComparingTo("400.39");
    assertThat(funded.fundingTotal()).isEqualByComparingTo("0.39");
    assertThat(funded.applyFunding("BTCUSDT", d("0.0001"), d("39000"), T0 + 8 * 3_600_000L)).isSameAs(funded);

    // Buy 0.1 back at 38000, fee 1.9: gain 200.
    Account closed = funded.applySwap("close", "BTCUSDT", SwapOrder.closing(TEN_X, PositionSide.SHORT), true, d("0.1"),
        d("38000"), d("1.9"), T0 + 9 * 3_600_000L);
    assertThat(closed.positions()).isEmpty();
    assertThat(closed.cash()).isEqualByComparingTo("10196.49");
    assertThat(closed.realizedTotal()).isEqualByComparingTo("196.49"); // -2 + 0.39 + 200 - 1.9
    assertThat(closed.feesTotal()).isEqualByComparingTo("3.9");
    assertThat(closed.lastLossAt()).isZero();
    assertThat(Account.fromJson(closed.toJson())).isEqualTo(closed);
  }

  @Test
  void aLongPaysPositiveFundingAndAPartialCloseReleasesMarginInProportion() {
    Account a = opened().applySwap("open", "BTCUSDT", SwapOrder.opening(TEN_X, PositionSide.LONG), true, d("0.2"),
        d("40000"), d("4"), T0);
    Account funded = a.applyFunding("BTCUSDT", d("0.0001"), d("40000"), T0 + 1);
    assertThat(funded.cash()).isEqualByComparingTo("9995.2"); // 10000 - 4 - 0.8
    assertThat(funded.positions().get("BTCUSDT").funding()).isEqualByComparingTo("-0.8");
    Account half = funded.applySwap("half", "BTCUSDT", SwapOrder.closing(TEN_X, PositionSide.LONG), false, d("0.1"),
        d("41000"), d("2.05"), T0 + 2);
    Account.Position left = half.positions().get("BTCUSDT");
    assertThat(left.quantity()).isEqualByComparingTo("0.1");
    assertThat(left.margin()).isEqualByComparingTo("399.6"); // (800 - 0.8) / 2
    assertThat(half.cash()).isEqualByComparingTo("10093.15"); // + 100 - 2.05
    assertThat(Account.fromJson(half.toJson())).isEqualTo(half);
  }

  @Test
  void theLiquidationPriceIsWhereTheMarginRatioReachesOneHundredPercent() {
    Account a = opened().applySwap("open", "BTCUSDT", SwapOrder.opening(TEN_X, PositionSide.LONG), true, d("0.1"),
        d("40000"), d("2"), T0);
    Account.Position long0 = a.positions().get("BTCUSDT");
    BigDecimal margin = Liquidation.margin(a, long0, Market.MarginMode.ISOLATED);
    // (0.1 × 40000 - 400) / (0.1 × (1 - 0.004 - 0.0005)) = 3600 / 0.09955
    BigDecimal at = Liquidation.price(long0, margin, MMR, Liquidation.SWAP_TAKER_FEE);
    assertThat(at).isEqualByComparingTo(d("3600").divide(d("0.09955"), MathContext.DECIMAL64));
    assertThat(at.setScale(2, java.math.RoundingMode.HALF_UP)).isEqualByComparingTo("36162.73");
    // OKX's margin ratio there: (margin + upl) / (q × mark × (mmr + fee)) = 1.
    BigDecimal ratio = margin.add(long0.unrealized(at)).divide(d("0.1").multiply(at).multiply(MMR.add(Liquidation.SWAP_TAKER_FEE)),
        MathContext.DECIMAL64);
    assertThat(ratio.doubleValue()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Liquidation.reached(long0, at, d("36162"))).isTrue();
    assertThat(Liquidation.reached(long0, at, d("36200"))).isFalse();

    BigDecimal fee = d("0.1").multiply(at).multiply(Liquidation.SWAP_TAKER_FEE);
    Account liquidated = a.liquidate("liq", "BTCUSDT", at, fee, margin, T0 + 1);
    assertThat(liquidated.positions()).isEmpty();
    assertThat(liquidated.cash()).isEqualByComparingTo("9598"); // 10000 - 2 - the whole margin
    assertThat(liquidated.realizedTotal()).isEqualByComparingTo("-402");
    assertThat(liquidated.lastLossAt()).isEqualTo(T0 + 1);

    // A short's: (0.1 × 40000 + 400) / (0.1 × 1.0045).
    Account s = opened().applySwap("open", "BTCUSDT", SwapOrder.opening(TEN_X, PositionSide.SHORT), false, d("0.1"),
        d("40000"), d("2"), T0);
    Account.Position short0 = s.positions().get("BTCUSDT");
    assertThat(Liquidation.price(short0, short0.margin(), MMR, Liquidation.SWAP_TAKER_FEE).setScale(2, java.math.RoundingMode.HALF_UP))
        .isEqualByComparingTo("43802.89");
  }

  @Test
  void aFillLargerThanThePositionClosesItAndOpensTheRestOnTheOtherSide() {
    Account a = opened().applySwap("open", "BTCUSDT", SwapOrder.opening(TEN_X, PositionSide.LONG), true, d("0.1"),
        d("40000"), BigDecimal.ZERO, T0);
    Account flipped = a.applySwap("flip", "BTCUSDT", SwapOrder.opening(TEN_X, PositionSide.SHORT), false, d("0.3"),
        d("40000"), BigDecimal.ZERO, T0 + 1);
    Account.Position p = flipped.positions().get("BTCUSDT");
    assertThat(p.side()).isEqualTo(PositionSide.SHORT);
    assertThat(p.quantity()).isEqualByComparingTo("0.2");
    assertThat(p.margin()).isEqualByComparingTo("800");
  }
}
