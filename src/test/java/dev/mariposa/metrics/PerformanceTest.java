package dev.mariposa.metrics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Performance on a fixed sequence of fills, against figures worked out by hand (in the comments),
 * fees included, to the cent.
 */
class PerformanceTest {
  private static final long S = 1_000;

  private static TradeFill fill(long at, String symbol, boolean buy, String quantity, String price, String fee) {
    return new TradeFill(at, symbol, buy, new BigDecimal(quantity), new BigDecimal(price), new BigDecimal(fee));
  }

  // 1 BUY 0.1 BTC @ 60000, fee 6.00          realized  -6.00            equity  9994.00
  // 2 BUY 0.1 BTC @ 61000, fee 6.10          average 60500, realized -12.10, unrealized +100  equity 10087.90
  // 3 SELL 0.2 BTC @ 62000, fee 12.40        +300 - 12.40 = 287.60, realized 275.50 (trip +275.50, 120 s)  equity 10275.50
  // 4 BUY 2 ETH @ 3000, fee 6.00             realized 269.50            equity 10269.50
  // 5 SELL 2 ETH @ 2900, fee 5.80            -200 - 5.80, realized 63.70 (trip -211.80, 120 s)  equity 10063.70
  // 6 BUY 0.05 BTC @ 63000, fee 3.15         realized 60.55             equity 10060.55
  // marks: BTC 64000 → unrealized (64000 - 63000) × 0.05 = 50.00, equity 10110.55, return 1.1055 %
  private static final List<TradeFill> FILLS = List.of(
      fill(0, "BTCUSDT", true, "0.1", "60000", "6.00"),
      fill(60 * S, "BTCUSDT", true, "0.1", "61000", "6.10"),
      fill(120 * S, "BTCUSDT", false, "0.2", "62000", "12.40"),
      fill(180 * S, "ETHUSDT", true, "2", "3000", "6.00"),
      fill(300 * S, "ETHUSDT", false, "2", "2900", "5.80"),
      fill(360 * S, "BTCUSDT", true, "0.05", "63000", "3.15"));

  @Test
  void figuresMatchTheHandCalculationToTheCent() {
    Performance p = Performance.of(new BigDecimal("10000"), FILLS, Map.of("BTCUSDT", new BigDecimal("64000")));
    assertThat(p.realized()).isEqualByComparingTo("60.55");
    assertThat(p.unrealized()).isEqualByComparingTo("50.00");
    assertThat(p.equity()).isEqualByComparingTo("10110.55");
    assertThat(p.returnPct()).isEqualByComparingTo("1.1055");
    assertThat(p.fees()).isEqualByComparingTo("39.45");
    assertThat(p.fills()).isEqualTo(6);
    assertThat(p.roundTrips()).isEqualTo(2);
    assertThat(p.wins()).isEqualTo(1);
    assertThat(p.winRatePct()).isEqualByComparingTo("50");
    assertThat(p.profitFactor()).isEqualByComparingTo("1.3008"); // 275.50 / 211.80
    assertThat(p.averageHoldingMs()).isEqualTo(120 * S);
    assertThat(p.equityCurve()).extracting(e -> e.equity().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString())
        .containsExactly("9994.00", "10087.90", "10275.50", "10269.50", "10063.70", "10060.55");
    // The deepest fall: from the 10275.50 peak to 10060.55, 214.95 / 10275.50 = 2.0919 %.
    assertThat(p.maxDrawdownPct()).isEqualByComparingTo("2.0919");

    double[] equity = {10_000, 9_994.00, 10_087.90, 10_275.50, 10_269.50, 10_063.70, 10_060.55};
    double[] r = new double[6];
    for (int i = 0; i < 6; i++) {
      r[i] = equity[i + 1] / equity[i] - 1;
    }
    double mean = java.util.Arrays.stream(r).average().orElseThrow();
    double sd = Math.sqrt(java.util.Arrays.stream(r).map(x -> (x - mean) * (x - mean)).sum() / 5);
    double downside = Math.sqrt(java.util.Arrays.stream(r).map(x -> x < 0 ? x * x : 0).sum() / 6);
    assertThat(p.sharpe()).isCloseTo(mean / sd, within(1e-9));
    assertThat(p.sortino()).isCloseTo(mean / downside, within(1e-9));
  }

  @Test
  void fillsFoldedOnToWhatWasFoldedGiveTheFiguresOfAllFoldedAtOnce() {
    BigDecimal start = BigDecimal.valueOf(10_000);
    Performance all = Performance.marked(Performance.fold(start, FILLS), Map.of());
    for (int split = 0; split <= FILLS.size(); split++) {
      Performance.Folded first = Performance.fold(start, FILLS.subList(0, split));
      Performance.Folded more = Performance.foldMore(first, FILLS.subList(split, FILLS.size()));
      assertThat(Performance.marked(more, Map.of())).as("split after %d fills", split).isEqualTo(all);
    }
  }

  @Test
  void withoutFillsNothingHappened() {
    Performance p = Performance.of(new BigDecimal("5000"), List.of(), Map.of());
    assertThat(p.equity()).isEqualByComparingTo("5000");
    assertThat(p.returnPct()).isEqualByComparingTo("0");
    assertThat(p.roundTrips()).isZero();
    assertThat(p.profitFactor()).isNull();
    assertThat(p.maxDrawdownPct()).isEqualByComparingTo("0");
    assertThat(p.sharpe()).isZero();
  }

  @Test
  void onlyWinsHaveNoProfitFactorAndAnOpenPositionIsMarkedAtItsLastPriceWithoutAMark() {
    Performance p = Performance.of(new BigDecimal("1000"), List.of(
        fill(0, "SOLUSDT", true, "1", "100", "0.10"),
        fill(10 * S, "SOLUSDT", false, "1", "110", "0.11"),
        fill(20 * S, "SOLUSDT", true, "2", "105", "0.21")), Map.of());
    assertThat(p.profitFactor()).isNull();
    assertThat(p.winRatePct()).isEqualByComparingTo("100");
    assertThat(p.realized()).isEqualByComparingTo("9.58"); // 10 - 0.10 - 0.11 - 0.21
    assertThat(p.unrealized()).isEqualByComparingTo("0.00");
    assertThat(p.equity()).isEqualByComparingTo("1009.58");
  }
}
