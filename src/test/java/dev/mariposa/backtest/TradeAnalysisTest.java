package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.metrics.Performance;
import dev.mariposa.metrics.TradeFill;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Round trips, their groupings and the summary figures from hand-made fills, to the cent. */
class TradeAnalysisTest {
  private static final long DAY1 = Instant.parse("2024-09-21T00:00:00Z").toEpochMilli();
  private static final long DAY2 = Instant.parse("2024-09-22T00:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;

  private static TradeAnalysis.Execution spot(long at, boolean buy, String qty, String price, String fee, String reason) {
    return new TradeAnalysis.Execution(new TradeFill(at, "BTCUSDT", buy, bd(qty), bd(price), bd(fee)), reason);
  }

  private static TradeAnalysis.Execution swap(long at, boolean buy, String qty, String price, String fee, String reason) {
    return new TradeAnalysis.Execution(new TradeFill(at, "ETHUSDT", buy, bd(qty), bd(price), bd(fee), true), reason);
  }

  private static BigDecimal bd(String s) {
    return new BigDecimal(s);
  }

  /** A spot trade scaled in and out, a stop-loss, a swap short flipped long, funding, one left open. */
  private static final List<TradeAnalysis.Execution> RUN = List.of(
      spot(DAY1, true, "0.1", "60000", "6", "signal"),
      spot(DAY1 + MIN, true, "0.1", "62000", "6.2", "signal"),           // average 61000
      spot(DAY1 + 2 * MIN, false, "0.05", "63000", "3.15", "signal"),    // +100 − 3.15
      spot(DAY1 + 3 * MIN, false, "0.15", "64000", "9.6", "take-profit"),// +450 − 9.6: trade 1 +525.05, fees 24.95
      spot(DAY1 + 4 * MIN, true, "0.1", "64000", "6.4", "signal"),
      spot(DAY1 + 5 * MIN, false, "0.1", "63000", "6.3", "stop-loss"), // −100 − 12.7 = −112.70
      swap(DAY1 + 6 * MIN, false, "2", "2500", "2.5", "signal"),          // short 2 @ 2500
      new TradeAnalysis.Execution(TradeFill.funding(DAY1 + 7 * MIN, "ETHUSDT", bd("1.25")), ""),
      swap(DAY2 + MIN, true, "3", "2400", "3.6", "signal"),               // closes +200 − 3.6 − 2.5 + 1.25 = 195.15, opens long 1
      swap(DAY2 + 2 * MIN, false, "1", "2450", "1.225", "liquidation"),  // long +50 − 1.225 = 48.775
      spot(DAY2 + 3 * MIN, true, "0.1", "60000", "6", "signal"));         // open: marked at 61000: +100 − 6 = 94

  private static final Map<String, BigDecimal> MARKS = Map.of("BTCUSDT", bd("61000"), "ETHUSDT", bd("2450"));
  private static final long END = DAY2 + 10 * MIN;

  @Test
  void roundTripsFromFlatToFlatWithFeesFundingAndReasons() {
    List<TradeAnalysis.Trade> trades = TradeAnalysis.trades(RUN, MARKS, END);

    assertThat(trades).hasSize(5);
    TradeAnalysis.Trade first = trades.get(0);
    assertThat(first.isLong()).isTrue();
    assertThat(first.entryPrice()).isEqualByComparingTo("61000");
    assertThat(first.exitPrice()).isEqualByComparingTo("63750"); // (0.05 × 63000 + 0.15 × 64000) / 0.2
    assertThat(first.quantity()).isEqualByComparingTo("0.2");
    assertThat(first.fees()).isEqualByComparingTo("24.95");
    assertThat(first.pnl()).isEqualByComparingTo("525.05");
    assertThat(first.durationMs()).isEqualTo(3 * MIN);
    assertThat(first.exitReason()).isEqualTo("take-profit");

    assertThat(trades.get(1).pnl()).isEqualByComparingTo("-112.70");
    assertThat(trades.get(1).exitReason()).isEqualTo("stop-loss");

    TradeAnalysis.Trade shortTrip = trades.get(2);
    assertThat(shortTrip.isLong()).isFalse();
    assertThat(shortTrip.quantity()).isEqualByComparingTo("2");
    assertThat(shortTrip.exitPrice()).isEqualByComparingTo("2400");
    assertThat(shortTrip.funding()).isEqualByComparingTo("1.25");
    assertThat(shortTrip.fees()).isEqualByComparingTo("6.1");
    assertThat(shortTrip.pnl()).isEqualByComparingTo("195.15");
    assertThat(shortTrip.exitReason()).isEqualTo("signal");

    TradeAnalysis.Trade flipped = trades.get(3);
    assertThat(flipped.isLong()).isTrue();
    assertThat(flipped.entryAt()).isEqualTo(DAY2 + MIN);
    assertThat(flipped.entryPrice()).isEqualByComparingTo("2400");
    assertThat(flipped.quantity()).isEqualByComparingTo("1");
    assertThat(flipped.pnl()).isEqualByComparingTo("48.775");
    assertThat(flipped.exitReason()).isEqualTo("liquidation");

    TradeAnalysis.Trade open = trades.get(4);
    assertThat(open.exitReason()).isEqualTo("end of data");
    assertThat(open.exitAt()).isEqualTo(END);
    assertThat(open.exitPrice()).isEqualByComparingTo("61000");
    assertThat(open.pnl()).isEqualByComparingTo("94");
  }

  @Test
  void theTradesAddUpToPerformancesRealizedAndUnrealized() {
    List<TradeAnalysis.Trade> trades = TradeAnalysis.trades(RUN, MARKS, END);
    Performance p = Performance.of(bd("10000"), RUN.stream().map(TradeAnalysis.Execution::fill).toList(), MARKS);

    List<TradeAnalysis.Trade> closed = trades.stream().filter(TradeAnalysis.Trade::closed).toList();
    assertThat(closed).hasSize(p.roundTrips());
    assertThat(TradeAnalysis.total(closed).subtract(bd("6")).setScale(2, RoundingMode.HALF_EVEN)).as("the open trade's fee is realized already")
        .isEqualByComparingTo(p.realized()).isEqualByComparingTo("650.28"); // 525.05 − 112.70 + 195.15 + 48.775 − 6
    assertThat(TradeAnalysis.total(trades).setScale(2, RoundingMode.HALF_EVEN)).isEqualByComparingTo(p.realized().add(p.unrealized()));
  }

  @Test
  void byReasonBySymbolAndByDay() {
    List<TradeAnalysis.Trade> trades = TradeAnalysis.trades(RUN, MARKS, END);

    JsonObject reasons = TradeAnalysis.exitReasons(trades);
    assertThat(reasons.fieldNames()).containsExactlyElementsOf(TradeAnalysis.REASONS);
    assertThat(reasons.getJsonObject("signal")).isEqualTo(new JsonObject().put("trades", 1).put("wins", 1)
        .put("pnl", bd("195.15")).put("averagePnl", bd("195.15")));
    assertThat(reasons.getJsonObject("trailing")).isEqualTo(new JsonObject().put("trades", 0).put("wins", 0)
        .put("pnl", bd("0")).put("averagePnl", null));
    assertThat(reasons.stream().mapToInt(e -> ((JsonObject) e.getValue()).getInteger("trades")).sum()).isEqualTo(5);

    JsonObject pairs = TradeAnalysis.pairs(trades);
    JsonObject btc = pairs.getJsonObject("BTCUSDT");
    assertThat(btc.getInteger("trades")).isEqualTo(3);
    assertThat(btc.getInteger("wins")).isEqualTo(2);
    assertThat(btc.getValue("pnl")).isEqualTo(bd("506.35")); // 525.05 − 112.70 + 94
    assertThat(btc.getValue("winRatePct")).isEqualTo(bd("66.67"));
    assertThat(pairs.getJsonObject("ETHUSDT").getValue("pnl")).isEqualTo(bd("243.92")); // 195.15 + 48.775, to the (even) cent

    JsonArray daily = TradeAnalysis.daily(trades, List.of(DAY1 + 5 * MIN, DAY2 + 10 * MIN), List.of(10412.35, 10750.28));
    assertThat(daily).containsExactly(
        new JsonObject().put("day", "2024-09-21").put("trades", 2).put("pnl", bd("412.35")).put("equity", bd("10412.35")),
        new JsonObject().put("day", "2024-09-22").put("trades", 2).put("pnl", bd("243.92")).put("equity", bd("10750.28")));
  }

  @Test
  void summaryFigures() {
    List<TradeAnalysis.Trade> trades = TradeAnalysis.trades(RUN, MARKS, END);
    long year = Math.round(365.25 * 86_400_000);
    List<Long> times = List.of(DAY1 + 100, DAY1 + 200, DAY1 + 300, DAY1 + 400, DAY1 + year);
    List<Double> equity = List.of(10_500.0, 9_450.0, 10_000.0, 10_600.0, 11_000.0);
    Map<String, List<double[]>> prices = Map.of(
        "BTCUSDT", List.of(new double[] {DAY1, 60_000}, new double[] {DAY1 + 250, 66_000}, new double[] {DAY1 + year, 63_000}),
        "ETHUSDT", List.of(new double[] {DAY1, 2_500}, new double[] {DAY1 + year, 2_000}));
    JsonObject s = TradeAnalysis.summary(trades, new TradeAnalysis.Period(DAY1, DAY1 + year, bd("10000"), bd("11000"),
        10, times, equity, prices));

    assertThat(s.getValue("cagrPct")).isEqualTo(bd("10")); // a year: the return
    assertThat(s.getValue("calmar")).isEqualTo(bd("1"));
    JsonObject e = s.getJsonObject("expectancy");
    assertThat(e.getInteger("trades")).isEqualTo(4);
    assertThat(e.getValue("perTrade")).isEqualTo(bd("164.07")); // (525.05 − 112.70 + 195.15 + 48.775) / 4
    assertThat(e.getValue("averageWin")).isEqualTo(bd("256.32"));
    assertThat(e.getValue("averageLoss")).isEqualTo(bd("112.7"));
    assertThat(e.getValue("byRates")).isEqualTo(e.getValue("perTrade"));
    assertThat(s.getJsonObject("markets").getJsonObject("BTCUSDT").getValue("changePct")).isEqualTo(bd("5"));
    assertThat(s.getJsonObject("markets").getJsonObject("ETHUSDT").getValue("changePct")).isEqualTo(bd("-20"));
    JsonObject hold = s.getJsonObject("buyAndHold");
    assertThat(hold.getDouble("end")).isEqualTo(9_250.0); // 5000 × 1.05 + 5000 × 0.8
    assertThat(hold.getValue("returnPct")).isEqualTo(bd("-7.5"));
    assertThat(hold.getJsonArray("curve").getJsonArray(2)).isEqualTo(new JsonArray().add(DAY1 + 300).add(10_500.0));
    JsonObject dd = s.getJsonObject("drawdown");
    assertThat(dd.getValue("pct")).isEqualTo(bd("10"));
    assertThat(dd.getLong("peakAt")).isEqualTo(DAY1 + 100);
    assertThat(dd.getLong("troughAt")).isEqualTo(DAY1 + 200);
    assertThat(dd.getLong("recoveredAt")).isEqualTo(DAY1 + 400);
  }

  @Test
  void guardTextsAndLiquidationsNameTheirReason() {
    assertThat(Stream.of(
        TradeAnalysis.reason("exit", "stop-loss: -0.050% from the entry 63000, the stop is -0.05%"),
        TradeAnalysis.reason("exit", "take-profit: +0.050% from the entry 63000, the target is +0.05%"),
        TradeAnalysis.reason("exit", "trailing stop: -1.000% from the high 64000, the trail is 1%"),
        TradeAnalysis.reason("liquidation", "liquidation: the mark reached 2000.00"),
        TradeAnalysis.reason("exit", "close requested"),
        TradeAnalysis.reason("analysis", null))).containsExactly("stop-loss", "take-profit", "trailing", "liquidation",
        "signal", "signal");
  }
}
