package dev.mariposa.market.book;

import dev.mariposa.market.book.BookSynchronizer.Outcome;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The spot order-book algorithm against real Binance recordings (../shared/data). */
class BookSynchronizerTest {

  /**
   * Golden test: replaying the 2021-04-05 capture of 10 symbols with their REST snapshots, every
   * book bridges, never crosses, and ends with the best bid and ask of the last bookTicker.
   */
  @Test
  void replayedBooksEndOnTheLastBookTicker() throws IOException {
    Path capture = SharedData.require("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl");
    Map<String, BookSynchronizer> books = new HashMap<>();
    Map<String, JsonObject> snapshots = new HashMap<>();
    Map<String, Boolean> snapshotWanted = new HashMap<>();
    Map<String, JsonObject> lastBookTicker = new HashMap<>();
    int applied = 0;
    for (String line : Files.readAllLines(capture)) {
      JsonObject message = new JsonObject(line);
      String stream = message.getString("stream");
      JsonObject data = message.getJsonObject("data");
      String symbol = data.getString("s");
      if (stream.endsWith("@bookTicker")) {
        lastBookTicker.put(symbol, data);
      } else if (stream.contains("@depth")) {
        BookSynchronizer sync = books.computeIfAbsent(symbol, BookSynchronizer::new);
        Outcome outcome = sync.onDiff(data);
        assertThat(outcome).isNotEqualTo(Outcome.GAP);
        if (outcome == Outcome.FETCH_SNAPSHOT) {
          snapshotWanted.put(symbol, true);
        }
        if (outcome == Outcome.APPLIED) {
          applied++;
        }
        // The REST answer arrives once the stream has passed the snapshot's id (as it would in
        // real time: the snapshot was taken during the capture).
        JsonObject snapshot = snapshots.computeIfAbsent(symbol, BookSynchronizerTest::snapshot);
        if (snapshotWanted.getOrDefault(symbol, false) && data.getLong("u") > snapshot.getLong("lastUpdateId")) {
          snapshotWanted.put(symbol, false);
          assertThat(sync.onSnapshot(snapshot)).as(symbol + " bridges").isEqualTo(Outcome.SYNCED);
        }
        assertThat(sync.book().isCrossed()).as(symbol + " never crossed").isFalse();
      }
    }
    assertThat(books).hasSize(10);
    assertThat(applied).isGreaterThan(4000);
    for (BookSynchronizer sync : books.values()) {
      String symbol = sync.book().symbol();
      JsonObject ticker = lastBookTicker.get(symbol);
      assertThat(sync.isSynced()).as(symbol).isTrue();
      assertThat(sync.gaps()).as(symbol).isZero();
      assertThat(sync.book().bestBid()).as(symbol + " best bid").isEqualTo(Double.parseDouble(ticker.getString("b")));
      assertThat(sync.book().bestAsk()).as(symbol + " best ask").isEqualTo(Double.parseDouble(ticker.getString("a")));
    }
  }

  /** The Binance.US capture has three real sequence gaps: exactly three resyncs, none otherwise. */
  @Test
  void realGapsCauseExactlyTheirResyncs() throws IOException {
    Path capture = SharedData.require("binance/ws/binanceus_btcusdt_depth_2025-07-13_raw.jsonl");
    BookSynchronizer sync = new BookSynchronizer("BTCUSDT");
    int snapshotsAsked = 0;
    List<Long> resyncedAt = new ArrayList<>();
    for (String line : Files.readAllLines(capture)) {
      JsonObject diff = new JsonObject(line);
      Outcome outcome = sync.onDiff(diff);
      if (outcome == Outcome.FETCH_SNAPSHOT || outcome == Outcome.GAP) {
        snapshotsAsked++;
        if (outcome == Outcome.GAP) {
          resyncedAt.add(diff.getLong("U"));
        }
        // No REST snapshot was recorded with this capture: an empty one at the buffered diff's
        // first id (not older than it, so the algorithm takes it) lets it go on.
        JsonObject snapshot = new JsonObject().put("lastUpdateId", diff.getLong("U"))
            .put("bids", new JsonArray()).put("asks", new JsonArray());
        assertThat(sync.onSnapshot(snapshot)).isEqualTo(Outcome.SYNCED);
      }
    }
    assertThat(sync.gaps()).isEqualTo(3);
    assertThat(snapshotsAsked).isEqualTo(4);
    assertThat(resyncedAt).containsExactly(2785684015L, 2787483412L, 2787875113L);
  }

  @Test
  void aSnapshotOlderThanTheBufferIsRefusedAndOldDiffsAreIgnored() {
    BookSynchronizer sync = new BookSynchronizer("TESTUSDT");
    assertThat(sync.onDiff(diff(100, 105, "10.0", "1"))).isEqualTo(Outcome.FETCH_SNAPSHOT);
    assertThat(sync.onDiff(diff(106, 110, "10.1", "2"))).isEqualTo(Outcome.BUFFERED);
    assertThat(sync.onSnapshot(snapshot(90))).isEqualTo(Outcome.SNAPSHOT_UNUSABLE);
    assertThat(sync.onSnapshot(snapshot(107))).isEqualTo(Outcome.SYNCED);
    assertThat(sync.book().lastUpdateId()).isEqualTo(110);
    assertThat(sync.book().bestBid()).isEqualTo(10.1);
    assertThat(sync.onDiff(diff(95, 99, "99.0", "1"))).isEqualTo(Outcome.IGNORED);
    assertThat(sync.onDiff(diff(111, 111, "10.1", "0"))).isEqualTo(Outcome.APPLIED);
    assertThat(sync.book().bestBid()).as("qty 0 removes the level").isEqualTo(10.0);
    assertThat(sync.onDiff(diff(200, 201, "10.2", "1"))).isEqualTo(Outcome.GAP);
    assertThat(sync.isSynced()).isFalse();
  }

  /**
   * A snapshot nobody waits for (a second answer once synced, or one asked for before a
   * reconnect's reset) is ignored: applied, it would put the book back to an older state.
   */
  @Test
  void aSnapshotNobodyWaitsForIsIgnored() {
    BookSynchronizer sync = new BookSynchronizer("TESTUSDT");
    sync.onDiff(diff(100, 105, "10.0", "1"));
    sync.onDiff(diff(106, 110, "10.1", "2"));
    assertThat(sync.onSnapshot(snapshot(107))).isEqualTo(Outcome.SYNCED);
    assertThat(sync.onSnapshot(snapshot(108))).as("a second answer, synced already").isEqualTo(Outcome.IGNORED);
    assertThat(sync.book().lastUpdateId()).isEqualTo(110);
    assertThat(sync.book().bestBid()).isEqualTo(10.1);

    sync.reset();
    assertThat(sync.onSnapshot(snapshot(108))).as("asked for before the reset").isEqualTo(Outcome.IGNORED);
    assertThat(sync.isSynced()).isFalse();
    assertThat(sync.onDiff(diff(111, 112, "10.2", "1"))).isEqualTo(Outcome.FETCH_SNAPSHOT);
    assertThat(sync.onSnapshot(snapshot(111))).isEqualTo(Outcome.SYNCED);
    assertThat(sync.book().lastUpdateId()).isEqualTo(112);
  }

  /**
   * A gap met while bridging keeps the diffs after it: the next snapshot only has to reach the
   * gap, not the newest diff (REST snapshots lag the stream), or the book would resync again.
   */
  @Test
  void aGapWhileBridgingKeepsTheDiffsAfterIt() {
    BookSynchronizer sync = new BookSynchronizer("TESTUSDT");
    sync.onDiff(diff(100, 105, "10.0", "1"));
    sync.onDiff(diff(111, 115, "10.1", "1")); // 106-110 never came
    sync.onDiff(diff(116, 120, "10.2", "1"));
    assertThat(sync.onSnapshot(snapshot(104))).isEqualTo(Outcome.GAP);
    assertThat(sync.isSynced()).isFalse();
    assertThat(sync.onSnapshot(snapshot(112))).as("reaches the gap, not the newest diff").isEqualTo(Outcome.SYNCED);
    assertThat(sync.book().lastUpdateId()).isEqualTo(120);
    assertThat(sync.book().bestBid()).isEqualTo(10.2);
    assertThat(sync.onDiff(diff(121, 125, "10.3", "1"))).isEqualTo(Outcome.APPLIED);
    assertThat(sync.gaps()).isEqualTo(1);
  }

  private static JsonObject diff(long first, long last, String bidPrice, String bidQty) {
    return new JsonObject().put("U", first).put("u", last)
        .put("b", new JsonArray().add(new JsonArray().add(bidPrice).add(bidQty))).put("a", new JsonArray());
  }

  private static JsonObject snapshot(long lastUpdateId) {
    return new JsonObject().put("lastUpdateId", lastUpdateId)
        .put("bids", new JsonArray().add(new JsonArray().add("10.0").add("5")))
        .put("asks", new JsonArray().add(new JsonArray().add("11.0").add("5")));
  }

  private static JsonObject snapshot(String symbol) {
    try {
      return new JsonObject(Files.readString(SharedData.require("binance/rest/depth_snapshot_2021-04-05_" + symbol + ".json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
