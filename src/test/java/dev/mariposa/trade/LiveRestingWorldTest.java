package dev.mariposa.trade;

import dev.mariposa.events.Ticker;
import dev.mariposa.market.LatestTicker;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which quotes a resting entry may be repriced or crossed on: a paper entry on any fresh ticker,
 * a real-money entry only on live venue prices (never a replay's or a synthetic market's), and
 * none on a stale copy or a ticker older than the agent's limit.
 */
class LiveRestingWorldTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final Duration MAX_AGE = Duration.ofSeconds(5);

  @Test
  void paperMovesOnAnyFreshTicker() {
    assertThat(LiveRestingWorld.fresh("BTCUSDT", ticker("replay", NOW - 1_000, false), MAX_AGE, false, NOW)).isTrue();
    assertThat(LiveRestingWorld.fresh("BTCUSDT", ticker("binance", NOW - 6_000, false), MAX_AGE, false, NOW))
        .as("older than the agent's limit").isFalse();
    assertThat(LiveRestingWorld.fresh("BTCUSDT", ticker("binance", NOW - 100, true), MAX_AGE, false, NOW))
        .as("a stale copy").isFalse();
  }

  @Test
  void realMoneyMovesOnlyOnLiveVenuePrices() {
    assertThat(LiveRestingWorld.fresh("BTCUSDT", ticker("binance", NOW - 1_000, false), MAX_AGE, true, NOW)).isTrue();
    assertThat(LiveRestingWorld.fresh("BTCUSDT", ticker("replay", NOW - 1_000, false), MAX_AGE, true, NOW)).isFalse();
    assertThat(LiveRestingWorld.fresh("BTCUSDT", ticker("synthetic", NOW - 1_000, false), MAX_AGE, true, NOW)).isFalse();
    assertThat(LiveRestingWorld.fresh("BTCUSDT", ticker("binance", NOW - 6_000, false), MAX_AGE, true, NOW)).isFalse();
  }

  private static LatestTicker ticker(String source, long receivedAt, boolean staleCopy) {
    Ticker t = new Ticker("BTCUSDT", source, false, receivedAt, receivedAt, new BigDecimal("100"), BigDecimal.ONE,
        new BigDecimal("100.1"), BigDecimal.ONE, new BigDecimal("100"), null, true);
    return new LatestTicker(t, staleCopy);
  }
}
