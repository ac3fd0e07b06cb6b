package dev.mariposa.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.events.EventCodec;
import dev.mariposa.events.Ticker;
import dev.mariposa.events.TradePrint;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplayClockTest {
  private static final long DAY = 1726876800000L; // 2024-09-21T00:00Z
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void isTheNewestEventTimeAndNeverGoesBack() {
    ReplayClock clock = new ReplayClock();
    assertThat(clock.millis()).as("no replayed time before the first event").isZero();
    clock.advance(DAY + 60_000);
    clock.advance(DAY + 59_999); // a book stamped a moment before the ticker that came first
    assertThat(clock.millis()).isEqualTo(DAY + 60_000);
    clock.advance(DAY - 86_400_000); // another symbol's older day
    assertThat(clock.instant()).isEqualTo(Instant.ofEpochMilli(DAY + 60_000));
  }

  @Test
  void advancesOnEveryMarketEventPublishedHereEvenWithoutConsumers() {
    ReplayClock clock = new ReplayClock().follow(vertx.eventBus());
    vertx.eventBus().publish("market.ticker.BTCUSDT", new JsonObject().put("receivedAt", DAY + 1_000));
    assertThat(clock.millis()).isEqualTo(DAY + 1_000);
    vertx.eventBus().publish("market.kline.BTCUSDT.1m", new JsonObject().put("receivedAt", DAY + 60_000));
    assertThat(clock.millis()).isEqualTo(DAY + 60_000);
    vertx.eventBus().publish("market.book.BTCUSDT", new JsonObject().put("receivedAt", DAY + 30_000));
    assertThat(clock.millis()).as("an older event").isEqualTo(DAY + 60_000);
    vertx.eventBus().publish("signal.parity", new JsonObject().put("receivedAt", DAY + 120_000));
    vertx.eventBus().publish("market.ticker.ETHUSDT", new JsonObject().put("bid", 1));
    assertThat(clock.millis()).as("not a market event, or one without a time").isEqualTo(DAY + 60_000);
  }

  @Test
  void eachSymbolKeepsItsOwnReplayedTime() {
    long capture = 1617580800000L; // 2021-04-05T00:00Z: a capture replayed beside 2024's bars
    ReplayClock clock = new ReplayClock().follow(vertx.eventBus());
    vertx.eventBus().publish("market.kline.BTCUSDT.1m", new JsonObject().put("receivedAt", DAY + 60_000));
    vertx.eventBus().publish("market.ticker.BTCAUD", new JsonObject().put("receivedAt", capture + 5_000));
    vertx.eventBus().publish("market.book.BTCAUD", new JsonObject().put("receivedAt", capture + 4_000));
    assertThat(clock.millis("BTCAUD")).as("the capture's own time, not 2024's").isEqualTo(capture + 5_000);
    assertThat(clock.millis("BTCUSDT")).isEqualTo(DAY + 60_000);
    assertThat(clock.millis()).as("the newest of all").isEqualTo(DAY + 60_000);
    assertThat(clock.millis("ETHUSDT")).as("a symbol not replayed: the newest of all").isEqualTo(DAY + 60_000);
  }

  @Test
  void advancesOnTickersAndTradesPublishedAsRecords() {
    EventCodec.register(vertx.eventBus());
    ReplayClock clock = new ReplayClock().follow(vertx.eventBus());
    vertx.eventBus().publish("market.ticker.BTCUSDT", Ticker.quote("BTCUSDT", "replay", DAY, DAY + 2_000,
        BigDecimal.ONE, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE));
    assertThat(clock.millis("BTCUSDT")).isEqualTo(DAY + 2_000);
    vertx.eventBus().publish("market.trade.BTCAUD", new TradePrint("BTCAUD", "replay", DAY, DAY + 3_000, 1,
        BigDecimal.ONE, BigDecimal.ONE, DAY, false));
    assertThat(clock.millis("BTCAUD")).isEqualTo(DAY + 3_000);
    assertThat(clock.millis()).isEqualTo(DAY + 3_000);
  }
}
