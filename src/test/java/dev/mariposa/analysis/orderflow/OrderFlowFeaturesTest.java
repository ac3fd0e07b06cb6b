package dev.mariposa.analysis.orderflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mariposa.config.ConfigLoader;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The features on small books and trades whose values are worked out by hand in the comments. */
class OrderFlowFeaturesTest {
  private static final double EPS = 1e-9;
  /** Two levels a side, 10 s of trades, 30 s of returns, 1 s slots. */
  private static final OrderFlowParams PARAMS = new OrderFlowParams(2, Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(1), 0.35, 15, 5, 3);

  @Test
  void bookImbalanceMicroPriceAndSpread() {
    OrderFlowFeatures features = new OrderFlowFeatures("TEST", PARAMS);
    // bids 100 × 3, 99 × 3, 98 × 100 (the third level is beyond the depth of 2); asks 101 × 1, 102 × 1, 103 × 50
    assertThat(features.onBook(book(0, levels(100, 3, 99, 3, 98, 100), levels(101, 1, 102, 1, 103, 50)))).isTrue();

    // imbalance over 2 levels: bids 3 + 3 = 6, asks 1 + 1 = 2 -> (6 - 2) / (6 + 2) = 0.5
    assertThat(features.bookImbalance()).isCloseTo(0.5, within(EPS));
    // mid (100 + 101) / 2 = 100.5; spread 1 / 100.5 × 10^4 = 99.50248756 bps
    assertThat(features.mid()).isEqualTo(100.5);
    assertThat(features.spreadBps()).isCloseTo(99.50248756, within(1e-6));
    // micro-price (100 × 1 + 101 × 3) / (3 + 1) = 403 / 4 = 100.75; minus the mid 0.25 -> 0.25 / 100.5 × 10^4 = 24.87562189 bps,
    // half of the half-spread (49.75 bps): the size imbalance at the best, (3 - 1) / (3 + 1) = 0.5
    assertThat(features.microPriceBps()).isCloseTo(24.87562189, within(1e-6));
    assertThat(features.microPriceBps() / (features.spreadBps() / 2)).isCloseTo(0.5, within(EPS));
    // one book: no return yet, no volatility
    assertThat(features.volatilityBps()).isNaN();
  }

  @Test
  void aCrossedOneSidedOrBarDerivedBookChangesNothing() {
    OrderFlowFeatures features = new OrderFlowFeatures("TEST", PARAMS);
    assertThat(features.onBook(book(0, levels(100, 1), levels(101, 1)))).isTrue();
    assertThat(features.onBook(book(100, levels(101, 1), levels(101, 1)))).as("crossed").isFalse();
    assertThat(features.onBook(book(200, levels(100, 1), List.of()))).as("no asks").isFalse();
    assertThat(features.onBook(new BookSnapshot("TEST", "replay", true, 1L, 300, 300, levels(99, 5), levels(102, 1))))
        .as("derived from a bar").isFalse();
    assertThat(features.mid()).isEqualTo(100.5);
    assertThat(features.time()).isZero();
  }

  @Test
  void tradeFlowByAggressorOverTheWindow() {
    OrderFlowFeatures features = new OrderFlowFeatures("TEST", PARAMS);
    features.onTrade(trade(1_000, "2", false)); // the buyer took the ask: a buy of 2
    features.onTrade(trade(2_000, "1", true)); // the buyer was the maker: a sell of 1
    features.onTrade(trade(3_000, "1", false)); // a buy of 1
    // buys 3, sells 1: (3 - 1) / 4 = 0.5
    assertThat(features.tradeFlowImbalance()).isCloseTo(0.5, within(EPS));
    assertThat(features.trades()).isEqualTo(3);

    features.onTrade(trade(11_500, "0.5", true)); // a sell of 0.5; the window is now (1 500, 11 500]: the buy at 1 000 leaves
    // buys 1 (at 3 000), sells 1 + 0.5 = 1.5: (1 - 1.5) / 2.5 = -0.2
    assertThat(features.tradeFlowImbalance()).isCloseTo(-0.2, within(EPS));
    assertThat(features.buyVolume()).isCloseTo(1, within(EPS));
    assertThat(features.sellVolume()).isCloseTo(1.5, within(EPS));
    assertThat(features.trades()).isEqualTo(3);

    features.onBook(book(30_000, levels(100, 1), levels(101, 1))); // a book 18.5 s later empties the trade window
    assertThat(features.trades()).isZero();
    assertThat(features.tradeFlowImbalance()).isZero();
  }

  @Test
  void volatilityIsTheDeviationOfTheMidsLogReturns() {
    OrderFlowFeatures features = new OrderFlowFeatures("TEST", PARAMS);
    features.onBook(book(0, levels(99.5, 1), levels(100.5, 1))); // mid 100
    features.onBook(book(100, levels(100.5, 1), levels(101.5, 1))); // mid 101: r1 = ln(101 / 100) = 0.0099503309
    features.onBook(book(200, levels(99.5, 1), levels(100.5, 1))); // mid 100: r2 = ln(100 / 101) = -0.0099503309
    // mean 0, sample variance (r1² + r2²) / (2 - 1) = 2 r1², deviation √2 × 0.0099503309 = 0.0140718928 = 140.7189 bps
    assertThat(features.volatilityBps()).isCloseTo(Math.sqrt(2) * Math.log(1.01) * 10_000, within(1e-9))
        .isCloseTo(140.7189, within(1e-4));

    features.onBook(book(30_150, levels(99.5, 1), levels(100.5, 1))); // the return at 100 leaves the 30 s window (≤ 150)
    // left: r2 and 0 (mid 100 again): mean r2 / 2 = -0.0049751654, variance ((r2 - mean)² + (0 - mean)²) / 1
    // = 2 × 0.0049751654², deviation √2 × 0.0049751654 = 0.0070359464 = 70.3595 bps
    double r2 = Math.log(100 / 101.0);
    double mean = r2 / 2;
    assertThat(features.volatilityBps()).isCloseTo(Math.sqrt(2 * mean * mean) * 10_000, within(1e-9))
        .isCloseTo(70.3595, within(1e-4));
  }

  @Test
  void theTrackerDecidesAtMostOncePerSlotOfEventTimeAndOnlyWithABook() {
    OrderFlowTracker tracker = new OrderFlowTracker(PARAMS);
    assertThat(tracker.onTrade(trade("TEST", 100, "1", false))).as("a trade before any book").isFalse();
    assertThat(tracker.snapshot("TEST")).isEmpty();
    assertThat(tracker.onBook(book(500, levels(100, 1), levels(101, 1)))).as("the first book, slot 0").isTrue();
    assertThat(tracker.onTrade(trade("TEST", 900, "1", false))).as("slot 0 again").isFalse();
    assertThat(tracker.onBook(book(999, levels(100, 1), levels(101, 2)))).as("slot 0 again").isFalse();
    assertThat(tracker.onTrade(trade("TEST", 1_000, "1", true))).as("slot 1").isTrue();
    assertThat(tracker.onBook(book(1_999, levels(100, 1), levels(101, 1)))).as("slot 1 again").isFalse();
    assertThat(tracker.onBook(book(3_500, levels(100, 1), levels(101, 1)))).as("slot 3").isTrue();
    assertThat(tracker.onTrade(trade("OTHER", 3_600, "1", false))).as("another symbol without a book").isFalse();
    OrderFlowSnapshot now = tracker.snapshot("TEST").orElseThrow();
    assertThat(now.time()).isEqualTo(3_500);
    assertThat(now.trades()).isEqualTo(3);
    assertThat(tracker.slot(now.time())).isEqualTo(3);
  }

  @Test
  void whatAMakerReadsOffASnapshot() {
    OrderFlowSnapshot sellersPress = snapshot(-0.6, -2.0);
    assertThat(sellersPress.imbalanceAgainst(true, 0.5)).as("a resting buy under sellers' size").isTrue();
    assertThat(sellersPress.imbalanceAgainst(false, 0.5)).as("a resting sell").isFalse();
    assertThat(sellersPress.skewBps(1.5)).as("quotes lean down, at most 1.5 bps").isEqualTo(-1.5);
    assertThat(snapshot(0.2, 0.8).skewBps(1.5)).isEqualTo(0.8);
  }

  @Test
  void theDefaultsAreTheShippedConfiguration() {
    assertThat(OrderFlowParams.of(ConfigLoader.load(Map.of()).analysis().orderFlow())).isEqualTo(OrderFlowParams.defaults());
  }

  static OrderFlowSnapshot snapshot(double imbalance, double microBps) {
    return new OrderFlowSnapshot("TEST", 0, 0, 100, 100.1, 10, imbalance, microBps, 0, 0, 0, 0, Double.NaN, 0);
  }

  private static BookSnapshot book(long time, List<BookSnapshot.Level> bids, List<BookSnapshot.Level> asks) {
    return new BookSnapshot("TEST", "test", null, 1L, time, time, bids, asks);
  }

  private static List<BookSnapshot.Level> levels(double... priceQuantity) {
    List<BookSnapshot.Level> levels = new java.util.ArrayList<>();
    for (int i = 0; i < priceQuantity.length; i += 2) {
      levels.add(new BookSnapshot.Level(BigDecimal.valueOf(priceQuantity[i]), BigDecimal.valueOf(priceQuantity[i + 1])));
    }
    return levels;
  }

  private static TradePrint trade(long time, String quantity, boolean buyerIsMaker) {
    return trade("TEST", time, quantity, buyerIsMaker);
  }

  private static TradePrint trade(String symbol, long time, String quantity, boolean buyerIsMaker) {
    return new TradePrint(symbol, "test", time, time, time, new BigDecimal("100"), new BigDecimal(quantity), time, buyerIsMaker);
  }
}
