package dev.mariposa.market.replay;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.Mariposa;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MARKET_SOURCE=replay of a real capture (10 symbols: bookTicker, depth@100ms, aggTrade) with its
 * REST snapshots: every ticker and trade comes out, and each symbol's last published book has the
 * best bid and ask of its last bookTicker, through the same order book as the live feed.
 */
class StreamReplayTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";

  @TempDir
  Path dir;

  @Test
  void replaysTickersTradesAndBooks() throws IOException {
    Path capture = SharedData.require(CAPTURE);
    List<Path> snapshots;
    try (var files = Files.list(SharedData.dir().resolve("binance/rest"))) {
      snapshots = files.filter(f -> f.getFileName().toString().startsWith("depth_snapshot_2021-04-05_")).sorted().toList();
    }
    assertThat(snapshots).hasSize(10);
    Map<String, JsonObject> lastBookTicker = new ConcurrentHashMap<>();
    int tickers = 0;
    int trades = 0;
    for (String line : Files.readAllLines(capture)) {
      JsonObject message = new JsonObject(line);
      if (message.getString("stream").endsWith("@bookTicker")) {
        tickers++;
        lastBookTicker.put(message.getJsonObject("data").getString("s"), message.getJsonObject("data"));
      } else if (message.getString("stream").endsWith("@aggTrade")) {
        trades++;
      }
    }

    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa watcher = cluster.start("watcher", Map.of("ROLES", "session"));
      AtomicInteger tickersSeen = new AtomicInteger();
      AtomicInteger tradesSeen = new AtomicInteger();
      Map<String, BookSnapshot> lastBook = new ConcurrentHashMap<>();
      for (String symbol : lastBookTicker.keySet()) {
        watcher.vertx().eventBus().consumer("market.ticker." + symbol, m -> tickersSeen.incrementAndGet());
        watcher.vertx().eventBus().consumer("market.trade." + symbol, m -> tradesSeen.incrementAndGet());
        watcher.vertx().eventBus().<BookSnapshot>consumer("market.book." + symbol, m -> lastBook.put(symbol, m.body()));
      }
      String files = capture + "," + snapshots.stream().map(Path::toString).collect(Collectors.joining(","));
      // Without coalescing, so that every ticker crosses to the watcher (the bridge would
      // otherwise keep only the latest of a burst: replay at speed 0 is one long burst).
      cluster.start("replayer", Map.of("ROLES", "feed", "MARKET_SOURCE", "replay", "REPLAY_FILES", files,
          "REPLAY_SPEED", "0"), json -> json.getJsonObject("bridge").put("coalesce", false));

      int expectedTickers = tickers;
      int expectedTrades = trades;
      Eventually.within(Duration.ofSeconds(30),
          () -> "every ticker and trade: " + tickersSeen.get() + "/" + expectedTickers + ", " + tradesSeen.get() + "/" + expectedTrades,
          () -> tickersSeen.get() == expectedTickers && tradesSeen.get() == expectedTrades);
      Eventually.within(Duration.ofSeconds(5), "a book for every symbol", () -> lastBook.size() == 10);
      Thread.sleep(300);
      for (var entry : lastBookTicker.entrySet()) {
        BookSnapshot book = lastBook.get(entry.getKey());
        double bestBid = book.bestBid().price().doubleValue();
        double bestAsk = book.bestAsk().price().doubleValue();
        assertThat(bestBid).as(entry.getKey() + " bid").isEqualTo(Double.parseDouble(entry.getValue().getString("b")));
        assertThat(bestAsk).as(entry.getKey() + " ask").isEqualTo(Double.parseDouble(entry.getValue().getString("a")));
        assertThat(bestBid).isLessThan(bestAsk);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A recording that opens with bookTickers (which carry no event time) is paced from its first
   * known time: at speed 1 its first seconds come out within about those seconds.
   */
  @Test
  void aRecordingOpeningWithoutEventTimesIsPacedFromTheFirstKnownTime() throws Exception {
    List<JsonObject> zil = Files.readAllLines(SharedData.require(CAPTURE)).stream().map(JsonObject::new)
        .filter(m -> m.getString("stream").startsWith("zilusdt@")).limit(40).toList();
    assertThat(zil.get(0).getJsonObject("data").containsKey("E")).as("the capture opens with a bookTicker").isFalse();
    long first = zil.stream().map(m -> m.getJsonObject("data").getLong("E")).filter(e -> e != null).findFirst().orElseThrow();
    long last = zil.stream().map(m -> m.getJsonObject("data").getLong("E")).filter(e -> e != null).reduce((a, b) -> b).orElseThrow();
    assertThat(last - first).as("the slice spans a few seconds at most").isLessThan(5_000);
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      AtomicInteger published = new AtomicInteger();
      vertx.runOnContext(v -> new StreamReplay(vertx, "ZILUSDT", zil, java.util.Optional.empty(), 1, false,
          (address, body) -> published.incrementAndGet()).start());
      Eventually.within(Duration.ofMillis(last - first + 3_000), () -> "tickers and trades of the slice: " + published.get(),
          () -> published.get() >= zil.stream().filter(m -> !m.getString("stream").contains("@depth")).count());
    } finally {
      vertx.close().await();
    }
  }
}
