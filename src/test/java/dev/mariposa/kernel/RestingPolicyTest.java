package dev.mariposa.kernel;

import dev.mariposa.agent.Execution;
import dev.mariposa.events.Ticker;
import dev.mariposa.kernel.RestingPolicy.Cancel;
import dev.mariposa.kernel.RestingPolicy.Cross;
import dev.mariposa.kernel.RestingPolicy.Reprice;
import dev.mariposa.kernel.RestingPolicy.Resting;
import dev.mariposa.kernel.RestingPolicy.Wait;
import dev.mariposa.signal.RestingPlan;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a resting buy entry does when its time is up, worked by hand on a 0.01 tick: sized at the
 * mid 100.00 with 20 bps of chase, its bound is 100.00 × 1.002 = 100.20.
 */
class RestingPolicyTest {
  private static final BigDecimal TICK = new BigDecimal("0.01");
  private static final long NOW = 1_000_000;

  @Test
  void waitsUntilItsTimeIsUp() {
    assertThat(decide(style(Execution.Type.POST_ONLY, Execution.PriceRule.join(), 3, Execution.OnExpiry.CANCEL),
        "99.99", 0, false, NOW + 1, quote("100.05", "100.07"))).isEqualTo(new Wait());
  }

  @Test
  void followsTheBidUpWithinTheBoundAndRestsAgainWhereItIsWhenTheMarketDidNotMove() {
    Execution join = style(Execution.Type.POST_ONLY, Execution.PriceRule.join(), 3, Execution.OnExpiry.CANCEL);
    assertThat(decide(join, "99.99", 0, false, NOW, quote("100.05", "100.07"))).isEqualTo(new Reprice(px("100.05")));
    assertThat(decide(join, "99.99", 1, false, NOW, quote("99.95", "99.97")))
        .as("the market fell: it stays at its price, one more reprice used").isEqualTo(new Reprice(px("99.99")));
    // Improve by 3 ticks on a 2-tick spread: one tick below the ask, never at it.
    Execution improve = style(Execution.Type.POST_ONLY, new Execution.PriceRule(Execution.PriceFrom.IMPROVE, 3, 0), 3,
        Execution.OnExpiry.CANCEL);
    assertThat(decide(improve, "99.99", 0, false, NOW, quote("100.05", "100.07"))).isEqualTo(new Reprice(px("100.06")));
    // Offset 10 bps below the mid 100.10: 100.10 × 0.999 = 99.9999, floored to the tick 99.99;
    // at 100.20 (mid 100.21) it is 100.10979 → 100.10.
    Execution offset = style(Execution.Type.LIMIT, new Execution.PriceRule(Execution.PriceFrom.OFFSET, 1, 10), 3,
        Execution.OnExpiry.CANCEL);
    assertThat(decide(offset, "99.98", 0, false, NOW, quote("100.09", "100.11"))).isEqualTo(new Reprice(px("99.99")));
    assertThat(decide(offset, "99.99", 0, false, NOW, quote("100.20", "100.22"))).isEqualTo(new Reprice(px("100.1")));
  }

  @Test
  void stopsChasingPastTheBoundOrTheLastRepriceThenCancelsOrCrosses() {
    Execution join = style(Execution.Type.LIMIT, Execution.PriceRule.join(), 2, Execution.OnExpiry.CANCEL);
    assertThat(decide(join, "100.00", 0, false, NOW, quote("100.21", "100.23"))).isInstanceOf(Cancel.class)
        .extracting(d -> ((Cancel) d).reason()).asString()
        .isEqualTo("expired after 1 × 1000 ms, the market moved past the 20.0 bps it may chase");
    assertThat(decide(join, "100.00", 2, false, NOW, quote("100.05", "100.07")))
        .isEqualTo(new Cancel("expired after 3 × 1000 ms"));
    Execution crossing = style(Execution.Type.LIMIT, Execution.PriceRule.join(), 2, Execution.OnExpiry.CROSS);
    assertThat(decide(crossing, "100.00", 2, false, NOW, quote("100.05", "100.07"))).isEqualTo(new Cross(px("100.2")));
    assertThat(decide(crossing, "100.20", 2, true, NOW, quote("100.25", "100.27")))
        .isEqualTo(new Cancel("expired after 3 × 1000 ms, the last at the crossing price 100.20"));
  }

  @Test
  void withoutALiveQuoteNothingIsChasedNorCrossed() {
    Execution crossing = style(Execution.Type.LIMIT, Execution.PriceRule.join(), 2, Execution.OnExpiry.CROSS);
    assertThat(RestingPolicy.decide(new Resting(plan(crossing), px("100.00"), 0, false, NOW), Optional.empty(), TICK, NOW))
        .isEqualTo(new Cancel("expired after 1 × 1000 ms, no live quote to chase on"));
  }

  private static RestingPolicy.Decision decide(Execution execution, String price, int reprices, boolean crossed,
                                               long restUntil, Ticker quote) {
    return RestingPolicy.decide(new Resting(plan(execution), px(price), reprices, crossed, restUntil), Optional.of(quote),
        TICK, NOW);
  }

  private static Execution style(Execution.Type type, Execution.PriceRule rule, int reprices, Execution.OnExpiry onExpiry) {
    return new Execution(type, 20, rule, Duration.ofSeconds(1), reprices, onExpiry);
  }

  private static RestingPlan plan(Execution execution) {
    return new RestingPlan(execution, px("100.00"), Duration.ofSeconds(5));
  }

  private static Ticker quote(String bid, String ask) {
    return new Ticker("BTCUSDT", "binance", false, NOW, NOW, px(bid), BigDecimal.ONE, px(ask), BigDecimal.ONE, px(bid),
        null, true);
  }

  private static BigDecimal px(String value) {
    return new BigDecimal(value);
  }
}
