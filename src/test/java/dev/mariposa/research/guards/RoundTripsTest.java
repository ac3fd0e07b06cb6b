package dev.mariposa.research.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.backtest.Backtest;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.metrics.Performance;
import dev.mariposa.metrics.TradeFill;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round trips from fills, by hand and against {@code Performance} on a real backtest run. */
class RoundTripsTest {
  private static final BigDecimal START = BigDecimal.valueOf(10_000);

  private static TradeFill fill(long at, String symbol, boolean buy, String quantity, String price, String fee) {
    return new TradeFill(at, symbol, buy, new BigDecimal(quantity), new BigDecimal(price), new BigDecimal(fee));
  }

  @Test
  void sellsTakeTheOldestLotsFirstAndEveryFeeCounts() {
    List<TradeFill> fills = List.of(
        fill(1_000, "BTCUSDT", true, "1", "100", "0.1"),
        fill(2_000, "ETHUSDT", true, "2", "10", "0.02"),
        fill(3_000, "BTCUSDT", true, "1", "110", "0.1"),
        fill(4_000, "BTCUSDT", false, "1.5", "120", "0.2"),  // 1 @100 and 0.5 @110
        fill(5_000, "ETHUSDT", false, "2", "9", "0.02"),     // a losing trip
        fill(9_000, "BTCUSDT", false, "0.5", "90", "0.05"),  // the rest @110: flat
        fill(10_000, "BTCUSDT", true, "1", "100", "0.1"));   // still open
    RoundTrips.Folded folded = RoundTrips.of(fills);

    assertThat(folded.closed()).hasSize(2);
    RoundTrips.RoundTrip eth = folded.closed().get(0);
    assertThat(eth.symbol()).isEqualTo("ETHUSDT");
    assertThat(eth.pnl()).isEqualByComparingTo("-2.04"); // 2 × (9 − 10) − 0.04
    RoundTrips.RoundTrip btc = folded.closed().get(1);
    // 1 × (120 − 100) + 0.5 × (120 − 110) + 0.5 × (90 − 110) − (0.1 + 0.1 + 0.2 + 0.05)
    assertThat(btc.pnl()).isEqualByComparingTo("14.55");
    assertThat(btc.cost()).isEqualByComparingTo("210");
    assertThat(btc.quantity()).isEqualByComparingTo("2");
    assertThat(btc.returnPct()).isCloseTo(14.55 * 100 / 210, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(btc.openedAt()).isEqualTo(1_000);
    assertThat(btc.durationMs()).isEqualTo(8_000);
    assertThat(folded.openRealized()).isEqualByComparingTo("-0.1"); // the open buy's fee
    assertThat(folded.pnls()).containsExactly(-2.04, 14.55);

    Performance performance = Performance.of(START, fills, Map.of());
    assertThat(performance.roundTrips()).isEqualTo(2);
    assertThat(performance.wins()).isEqualTo(1);
    assertThat(performance.realized()).isEqualByComparingTo(cents(sum(folded).add(folded.openRealized())));
  }

  @Test
  void onABacktestTheTripsAddUpToThePerformanceFigures() throws Exception {
    var month = SharedData.require("binance/klines/months/BTCUSDT-5m-2024-01.csv");
    Backtest backtest = Backtest.prepare(List.of(month), ConfigLoader.load(Map.of("SYMBOLS", "BTCUSDT")));
    Agent agent = LookAheadCheckTest.agent("technical", Agent.TECHNICAL);
    Backtest.Outcome outcome = backtest.run(List.of(agent), Instant.parse("2024-01-03T00:00:00Z").toEpochMilli(),
        Long.MAX_VALUE).outcomes().get(0);
    RoundTrips.Folded folded = RoundTrips.of(outcome.fills());
    JsonObject figures = outcome.performance();

    assertThat(folded.closed()).hasSizeGreaterThan(10);
    assertThat(folded.closed()).hasSize(figures.getInteger("roundTrips"));
    assertThat(folded.closed().stream().filter(t -> t.pnl().signum() > 0).count()).isEqualTo((long) figures.getInteger("wins"));
    assertThat(cents(sum(folded).add(folded.openRealized())))
        .isEqualByComparingTo(new BigDecimal(figures.getValue("realized").toString()));
    assertThat(folded.closed()).allSatisfy(t -> assertThat(t.closedAt()).isGreaterThanOrEqualTo(t.openedAt()));
    // The trips in the order they closed: what the Monte Carlo guard reshuffles.
    MonteCarlo.Result mc = MonteCarlo.of(outcome, 200, 1);
    assertThat(mc.trades()).isEqualTo(folded.closed().size());
    assertThat(mc.toJson()).isEqualTo(MonteCarlo.ofPnls(folded.pnls(), 10_000, 200, 1).toJson());
  }

  private static BigDecimal sum(RoundTrips.Folded folded) {
    return folded.closed().stream().map(RoundTrips.RoundTrip::pnl).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal cents(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_EVEN);
  }
}
