package dev.mariposa.market;

import dev.mariposa.Mariposa;
import dev.mariposa.events.TradePrint;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** Bars of the synthetic source: built from its steps, aggregated, and a simulated past at start. */
class SyntheticBarsTest {
  private static final long MINUTE = 60_000;

  @TempDir
  Path dir;

  @Test
  void stepsMakeMinuteBarsAndMinuteBarsMakeLargerOnes() {
    SyntheticBars bars = new SyntheticBars("BTCUSDT", List.of("5m"));
    long t0 = 1_700_000_000_000L / (5 * MINUTE) * (5 * MINUTE);
    assertThat(bars.add(t0, 100, List.of(trade(100, 2)))).isEmpty();
    assertThat(bars.add(t0 + 10_000, 104, List.of())).isEmpty();
    assertThat(bars.add(t0 + 20_000, 97, List.of(trade(97, 1)))).isEmpty();
    assertThat(bars.add(t0 + 59_999, 101, List.of())).isEmpty();
    assertThat(bars.current()).hasValueSatisfying(b -> assertThat(b.closed()).isFalse());

    List<Kline> closed = bars.add(t0 + MINUTE, 102, List.of());
    assertThat(closed).hasSize(1);
    Kline first = closed.get(0);
    assertThat(first.interval()).isEqualTo("1m");
    assertThat(first.closed()).isTrue();
    assertThat(first.openTime()).isEqualTo(t0);
    assertThat(first.closeTime()).isEqualTo(t0 + MINUTE - 1);
    assertThat(List.of(first.open(), first.high(), first.low(), first.close()))
        .extracting(java.math.BigDecimal::doubleValue).containsExactly(100.0, 104.0, 97.0, 101.0);
    assertThat(first.volume().doubleValue()).isEqualTo(3.0);
    assertThat(first.quoteVolume().doubleValue()).isEqualTo(297.0);
    assertThat(first.trades()).isEqualTo(2);

    List<Kline> all = new java.util.ArrayList<>(closed);
    for (int minute = 2; minute <= 5; minute++) {
      all.addAll(bars.add(t0 + minute * MINUTE, 100 + minute, List.of()));
    }
    Kline fiveMinutes = all.stream().filter(b -> b.interval().equals("5m")).findFirst().orElseThrow();
    assertThat(fiveMinutes.openTime()).isEqualTo(t0);
    assertThat(fiveMinutes.high().doubleValue()).isEqualTo(104.0);
    assertThat(fiveMinutes.low().doubleValue()).isEqualTo(97.0);
    assertThat(fiveMinutes.close().doubleValue()).isEqualTo(104.0);
    assertThat(fiveMinutes.closed()).isTrue();
  }

  @Test
  void theSyntheticSourceStartsWithFourHoursOfHistory() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("s", Map.of("ROLES", "feed,http", "SYMBOLS", "ETHUSDT", "MARKET_SOURCE", "synthetic"));
      String url = node.baseUrl() + "/api/market/ETHUSDT/klines?limit=240";
      Eventually.within(Duration.ofSeconds(10), "history", () -> Http.status(url) == 200
          && new JsonObject(Http.get(url).body()).getJsonArray("klines").size() == 240);
      JsonArray history = new JsonObject(Http.get(url).body()).getJsonArray("klines");
      long now = System.currentTimeMillis();
      for (int i = 0; i < history.size(); i++) {
        JsonObject bar = history.getJsonObject(i);
        assertThat(bar.getDouble("low")).isLessThanOrEqualTo(Math.min(bar.getDouble("open"), bar.getDouble("close")));
        assertThat(bar.getDouble("high")).isGreaterThanOrEqualTo(Math.max(bar.getDouble("open"), bar.getDouble("close")));
        if (i > 0) {
          assertThat(bar.getLong("openTime") - history.getJsonObject(i - 1).getLong("openTime")).isEqualTo(MINUTE);
        }
      }
      // The simulated past ends where the live minute begins.
      assertThat(history.getJsonObject(239).getLong("openTime")).isBetween(now / MINUTE * MINUTE - 2 * MINUTE, now);
    }
  }

  private static TradePrint trade(double price, double qty) {
    return new TradePrint("BTCUSDT", "synthetic", 0, 0, 1, BigDecimal.valueOf(price), BigDecimal.valueOf(qty), null, false);
  }
}
