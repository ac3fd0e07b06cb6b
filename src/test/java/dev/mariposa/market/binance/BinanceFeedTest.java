package dev.mariposa.market.binance;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.Mariposa;
import dev.mariposa.events.Ticker;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeBinance;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Binance adapter against a local fake speaking Binance's protocol and replaying the real
 * 2021-04-05 capture: the book ends on the last bookTicker, also through an abrupt disconnect, a
 * malformed frame and a 429 on the first depth snapshot; no crossed book is ever published.
 */
class BinanceFeedTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";
  private static final String SYMBOL = "MANAUSDT";

  @TempDir
  Path dir;

  @Test
  void feedsTheBookAndTickersFromTheStream() throws Exception {
    run(fake -> fake, 1);
  }

  @Test
  void survivesADisconnectAMalformedFrameA429AndA418() throws Exception {
    Map<String, Integer> seen = run(fake -> fake.closeAfter(150).malformedAt(40).rateLimitFirstSnapshot()
        .banSecondSnapshot(), 2);
    assertThat(seen.get("connections")).isGreaterThanOrEqualTo(2);
    // One request out at a time: the retry after the 418 may serve the reconnection too.
    assertThat(seen.get("snapshots")).as("the 429, the 418, then a snapshot").isGreaterThanOrEqualTo(3);
  }

  private Map<String, Integer> run(UnaryOperator<FakeBinance> faults, int minConnections) throws Exception {
    Path capture = SharedData.require(CAPTURE);
    JsonObject lastTicker = null;
    for (String line : Files.readAllLines(capture)) {
      JsonObject message = new JsonObject(line);
      if (message.getString("stream").equals(SYMBOL.toLowerCase() + "@bookTicker")) {
        lastTicker = message.getJsonObject("data");
      }
    }
    JsonObject expected = lastTicker;
    try (FakeBinance fake = faults.apply(new FakeBinance(capture,
            FakeBinance.snapshots(SharedData.dir().resolve("binance/rest"), "depth_snapshot_2021-04-05_")));
         TestCluster cluster = new TestCluster(dir)) {
      Mariposa watcher = cluster.start("watcher", Map.of("ROLES", "session"));
      Map<String, JsonObject> last = new ConcurrentHashMap<>();
      AtomicInteger crossed = new AtomicInteger();
      watcher.vertx().eventBus().<BookSnapshot>consumer("market.book." + SYMBOL, m -> {
        JsonObject book = m.body().toJson();
        if (book.getJsonArray("bids").getJsonArray(0).getDouble(0) >= book.getJsonArray("asks").getJsonArray(0).getDouble(0)) {
          crossed.incrementAndGet();
        }
        last.put("book", book);
      });
      watcher.vertx().eventBus().<Ticker>consumer("market.ticker." + SYMBOL, m -> last.put("ticker", m.body().toJson()));

      Mariposa feeder = cluster.start("feeder", Map.of("ROLES", "feed", "MARKET_SOURCE", "binance", "SYMBOLS", SYMBOL,
          "BINANCE_WS_URL", fake.wsUrl(), "BINANCE_REST_URL", fake.restUrl()),
          json -> json.getJsonObject("market").put("binanceSilenceMs", 1500));
      Eventually.within(Duration.ofSeconds(30), "the fake sent the whole capture", fake::finished);
      Eventually.within(Duration.ofSeconds(10), () -> "the last book is the last bookTicker's: " + last.get("book"), () -> {
        JsonObject book = last.get("book");
        return book != null
            && book.getJsonArray("bids").getJsonArray(0).getDouble(0) == Double.parseDouble(expected.getString("b"))
            && book.getJsonArray("asks").getJsonArray(0).getDouble(0) == Double.parseDouble(expected.getString("a"));
      });
      assertThat(last.get("ticker").getDouble("bid")).isEqualTo(Double.parseDouble(expected.getString("b")));
      assertThat(crossed.get()).as("crossed books published").isZero();
      assertThat(fake.connections()).isGreaterThanOrEqualTo(minConnections);
      assertThat(fake.pongs()).as("every ping answered with its payload").isEqualTo(fake.connections());
      assertThat(feeder.services().redis().state().name()).isEqualTo("UP");
      // The fake now stays connected and silent: the watchdog must notice and reconnect.
      int before = fake.connections();
      Eventually.within(Duration.ofSeconds(5), "a silent stream forces a reconnect", () -> fake.connections() > before);
      // Each reconnect counted (the overview's warnings): one less than the connections, or more with failed tries.
      assertThat(feeder.services().registry().find("mariposa.feed.reconnects").counter().count())
          .isGreaterThanOrEqualTo(fake.connections() - 1);
      return Map.of("connections", fake.connections(), "snapshots", fake.requests("/api/v3/depth"));
    }
  }
}
