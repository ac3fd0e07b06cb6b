package dev.mariposa.market;

import dev.mariposa.Mariposa;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.redis.ValueCodec;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot and cold klines: a replayed day lands in MongoDB, survives a Redis flush and a restart, warms
 * the cache again, and a request spanning both stores returns contiguous bars, none twice.
 */
class KlineHistoryTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final long MINUTE = 60_000;

  @TempDir
  Path dir;

  @Test
  void aReplayedDaySurvivesARedisFlushAndARestartAndRangesSpanBothStores() throws Exception {
    Path file = SharedData.require(DAY);
    List<Kline> day = KlineCsv.read(file);
    long first = day.get(0).openTime();
    long last = day.get(day.size() - 1).openTime();
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa feeder = cluster.start("feeder", Map.of("ROLES", "feed", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", file.toString(), "REPLAY_SPEED", "0"));
      KlineHistory history = feeder.services().market().history().orElseThrow();
      Eventually.within(Duration.ofSeconds(30), () -> "the day in MongoDB: " + count(history, "1m") + " 1m bars",
          () -> count(history, "1m") == 1440 && count(history, "1h") == 24 && count(history, "4h") == 6);
      feeder.stop();

      // Redis loses everything, every instance restarts: a new one answers from MongoDB alone.
      Mariposa before = cluster.start("api-before", Map.of("ROLES", "http"));
      before.services().redis().send(Request.cmd(Command.FLUSHALL)).await();
      before.stop();
      Mariposa api = cluster.start("api", Map.of("ROLES", "http"));
      assertThat(api.services().redis().send(Request.cmd(Command.DBSIZE)).await().toLong()).isLessThan(10);
      JsonArray latest = klines(api, "interval=1m&limit=1000");
      assertContiguous(latest, 1000, last - 999 * MINUTE);
      JsonArray morning = klines(api, "interval=1m&limit=1000&startTime=" + first);
      assertContiguous(morning, 1000, first);
      JsonArray hours = klines(api, "interval=1h&limit=1000");
      assertContiguous(hours, 24, first, 3_600_000);
      assertThat(hours.getJsonObject(23).getDouble("close")).isEqualTo(day.get(1439).close().doubleValue());

      // A feed leader starting (replaying the day again, at its real pace: one bar a minute)
      // warms the cache from MongoDB with the newest 1000 bars of each interval.
      cluster.start("feeder-2", Map.of("ROLES", "feed", "MARKET_SOURCE", "replay",
          "REPLAY_FILES", file.toString(), "REPLAY_SPEED", "1"));
      String key = new MarketKeys(api.services().keys()).klines("BTCUSDT", "1m");
      Eventually.within(Duration.ofSeconds(15), "the cache warmed from MongoDB", () ->
          api.services().redis().send(Request.cmd(Command.ZCARD).arg(key)).await().toLong() >= 1000);
      assertThat(api.services().redis().send(Request.cmd(Command.ZRANGEBYSCORE).arg(key).arg(last).arg(last)).await().size())
          .as("the day's last bar is cached").isEqualTo(1);

      // The first 1000 bars of the day: 440 of them only in MongoDB (the cache holds 440…1439,
      // plus the replay's first bar), the rest in both: contiguous, none twice.
      Thread.sleep(300); // past the in-process layer's TTL
      JsonArray spanning = klines(api, "interval=1m&limit=1000&startTime=" + first);
      assertContiguous(spanning, 1000, first);
      JsonArray around = klines(api, "interval=1m&limit=100&startTime=" + (first + 390 * MINUTE));
      assertContiguous(around, 100, first + 390 * MINUTE);
      JsonArray ending = klines(api, "interval=1m&limit=1000&endTime=" + (first + 1200 * MINUTE));
      assertContiguous(ending, 1000, first + 201 * MINUTE);
      assertThat(Http.get(api.baseUrl() + "/api/market/BTCUSDT/klines?startTime=5&endTime=4").statusCode()).isEqualTo(400);
      assertThat(Http.get(api.baseUrl() + "/api/market/BTCUSDT/klines?startTime=x").statusCode()).isEqualTo(400);

      // Idempotent: the second replay rewrote bars it had written, no document twice.
      assertThat(count(history(api), "1m")).isEqualTo(1440);
    }
  }

  @Test
  void theWriterUpsertsClosedBarsOnlyAndPrunesEachSeriesToItsRetention() {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("node", Map.of("ROLES", "http"));
      KlineHistory history = history(node);
      var context = node.vertx().getOrCreateContext();
      KlineHistoryWriter[] writer = new KlineHistoryWriter[1];
      long day = Duration.ofDays(1).toMillis();
      long t0 = 1_726_876_800_000L;
      context.runOnContext(v -> {
        writer[0] = new KlineHistoryWriter(node.vertx(), history, 1, Duration.ofMillis(50), node.services().registry());
        for (int d = 0; d < 3; d++) { // a bar every 6 hours over three days, written twice
          for (int q = 0; q < 4; q++) {
            JsonObject bar = bar(t0 + d * day + q * day / 4, true);
            writer[0].add(bar);
            writer[0].add(bar.copy());
          }
        }
        writer[0].add(bar(t0 + 3 * day, false)); // still open: not history
      });
      // Kept: the newest bar's day back (one day before t0 + 2d + 18h), the bound included.
      Eventually.within(Duration.ofSeconds(10), () -> "pruned to a day: " + history.count("ZZZUSDT", "1m").await(),
          () -> history.count("ZZZUSDT", "1m").await() == 5);
      List<JsonObject> kept = history.latest("ZZZUSDT", "1m", 100).await();
      assertThat(kept).extracting(b -> b.getLong("openTime"))
          .containsExactly(t0 + day + 3 * day / 4, t0 + 2 * day, t0 + 2 * day + day / 4, t0 + 2 * day + day / 2,
              t0 + 2 * day + 3 * day / 4);
      assertThat(kept.get(0).getBoolean("closed")).isTrue();
      context.runOnContext(v -> writer[0].close());
    }
  }

  @Test
  void closingWritesEveryPendingBarAndPrunesNothing() throws Exception {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("node", Map.of("ROLES", "http"));
      KlineHistory history = history(node);
      var context = node.vertx().getOrCreateContext();
      long t0 = 1_726_876_800_000L;
      int bars = 12_000; // more than two bulk writes, over 8 days: a prune would delete most of them
      var closed = new java.util.concurrent.CompletableFuture<Void>();
      context.runOnContext(v -> {
        // The periodic flush would come in an hour: only the close writes.
        KlineHistoryWriter writer = new KlineHistoryWriter(node.vertx(), history, 1, Duration.ofHours(1),
            node.services().registry());
        for (int i = 0; i < bars; i++) {
          writer.add(bar(t0 + i * MINUTE, true));
        }
        writer.close().onComplete(ar -> {
          if (ar.succeeded()) {
            closed.complete(null);
          } else {
            closed.completeExceptionally(ar.cause());
          }
        });
      });
      closed.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(history.count("ZZZUSDT", "1m").await()).as("bars in MongoDB once close completed").isEqualTo(bars);
    }
  }

  private static JsonObject bar(long openTime, boolean closed) {
    return new JsonObject().put("symbol", "ZZZUSDT").put("interval", "1m").put("openTime", openTime)
        .put("closeTime", openTime + MINUTE - 1).put("open", 1.0).put("high", 2.0).put("low", 0.5).put("close", 1.5)
        .put("volume", 10.0).put("quoteVolume", 15.0).put("trades", 3).put("closed", closed).put("source", "test");
  }

  @Test
  void booksAreStoredCompressedAboveTheThresholdAndTickersNever() {
    try (TestCluster cluster = new TestCluster(dir)) {
      // A threshold below any ticker's size: books are compressed, tickers still are not.
      Mariposa feeder = cluster.start("feeder", Map.of("ROLES", "feed,http"),
          json -> json.getJsonObject("cache").put("compressAboveBytes", 64));
      MarketKeys keys = new MarketKeys(feeder.services().keys());
      Eventually.within(Duration.ofSeconds(10), "a ticker and a book cached", () ->
          feeder.services().redis().send(Request.cmd(Command.EXISTS).arg(keys.ticker("BTCUSDT")).arg(keys.book("BTCUSDT")))
              .await().toLong() == 2);
      var ticker = feeder.services().redis().send(Request.cmd(Command.GET).arg(keys.ticker("BTCUSDT"))).await().toBuffer();
      var book = feeder.services().redis().send(Request.cmd(Command.GET).arg(keys.book("BTCUSDT"))).await().toBuffer();
      assertThat(ticker.length()).isGreaterThan(64);
      assertThat(ValueCodec.isCompressed(ticker)).isFalse();
      assertThat(ValueCodec.isCompressed(book)).isTrue();
      HttpResponse<String> answer = Http.get(feeder.baseUrl() + "/api/market/BTCUSDT/orderbook?depth=5");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(answer.body()).getJsonArray("bids")).hasSize(5);
    }
  }

  private static KlineHistory history(Mariposa instance) {
    return instance.services().market().history().orElseThrow();
  }

  private static long count(KlineHistory history, String interval) {
    return history.count("BTCUSDT", interval).await();
  }

  private static JsonArray klines(Mariposa api, String query) {
    HttpResponse<String> answer = Http.get(api.baseUrl() + "/api/market/BTCUSDT/klines?" + query);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body()).getJsonArray("klines");
  }

  private static void assertContiguous(JsonArray bars, int size, long firstOpen) {
    assertContiguous(bars, size, firstOpen, MINUTE);
  }

  private static void assertContiguous(JsonArray bars, int size, long firstOpen, long step) {
    assertThat(bars).hasSize(size);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < bars.size(); i++) {
      long open = bars.getJsonObject(i).getLong("openTime");
      assertThat(open).as("bar " + i).isEqualTo(firstOpen + i * step);
      assertThat(seen.add(open)).as("bar " + i + " once").isTrue();
    }
  }
}
