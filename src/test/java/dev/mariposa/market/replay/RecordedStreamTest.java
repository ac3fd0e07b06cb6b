package dev.mariposa.market.replay;

import dev.mariposa.market.book.DepthSnapshot;
import dev.mariposa.market.book.OrderBook;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backtest plays messages decoded ahead ({@link RecordedStream#ahead}, {@link RecordedStream#play});
 * the live replay decodes them as they come ({@link RecordedStream#decode}). On the real 10-symbol
 * capture with its REST snapshots both give the same events and the same books, message by message.
 */
class RecordedStreamTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";

  @Test
  void messagesDecodedAheadPlayAsTheyDecode() throws IOException {
    Path capture = SharedData.require(CAPTURE);
    ReplayFiles files;
    try (var rest = Files.list(SharedData.dir().resolve("binance/rest"))) {
      List<Path> paths = new ArrayList<>(List.of(capture));
      rest.filter(f -> f.getFileName().toString().startsWith("depth_snapshot_2021-04-05_")).sorted().forEach(paths::add);
      files = ReplayFiles.read(paths);
    }
    assertThat(files.symbols()).hasSize(10);
    long events = 0;
    long bookChanges = 0;
    for (String symbol : files.symbols()) {
      Optional<JsonObject> snapshot = files.snapshot(symbol);
      assertThat(snapshot).as(symbol + " snapshot").isPresent();
      RecordedStream json = new RecordedStream(symbol, snapshot);
      RecordedStream typed = RecordedStream.of(symbol, snapshot.map(DepthSnapshot::of));
      for (RecordedStream.Timed timed : RecordedStream.timed(files.stream(symbol))) {
        RecordedStream.Message ahead = RecordedStream.ahead(timed.message(), timed.time());
        RecordedStream.Decoded played = typed.play(ahead);
        RecordedStream.Decoded decoded = json.decode(timed.message(), timed.time());
        assertThat(played).as(symbol + " " + timed.message()).isEqualTo(decoded);
        assertThat(typed.book().isSynced()).isEqualTo(json.book().isSynced());
        assertSameBook(typed.book().book(), json.book().book(), decoded.bookChanged() ? 20 : 1);
        events += decoded.event().isPresent() ? 1 : 0;
        bookChanges += decoded.bookChanged() ? 1 : 0;
      }
      assertThat(typed.book().isSynced()).as(symbol + " synced").isTrue();
      assertSameBook(typed.book().book(), json.book().book(), Integer.MAX_VALUE);
      assertThat(typed.malformed()).isEqualTo(json.malformed()).isZero();
    }
    assertThat(events).isEqualTo(5408 + 1240); // every bookTicker and aggTrade
    assertThat(bookChanges).isGreaterThan(4000);
  }

  /** A kline (mutable JSON) and a malformed message are decoded when played, the malformed one counted there. */
  @Test
  void klinesAndMalformedMessagesAreDecodedWhenPlayed() {
    JsonObject kline = new JsonObject("{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"E\":2,\"k\":{\"i\":\"1m\",\"t\":0,"
        + "\"T\":59999,\"o\":\"1\",\"h\":\"2\",\"l\":\"0.5\",\"c\":\"1.5\",\"v\":\"10\",\"q\":\"15\",\"n\":3,\"x\":true}}}");
    JsonObject malformed = new JsonObject("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"U\":1,\"u\":2,\"b\":[[\"x\",\"1\"]]}}");
    RecordedStream typed = RecordedStream.of("BTCUSDT", Optional.empty());
    RecordedStream json = new RecordedStream("BTCUSDT", Optional.empty());
    assertThat(RecordedStream.ahead(kline, 7)).isInstanceOf(RecordedStream.Undecoded.class);
    assertThat(typed.play(RecordedStream.ahead(kline, 7))).isEqualTo(json.decode(kline, 7));
    assertThat(RecordedStream.ahead(malformed, 7)).isInstanceOf(RecordedStream.Undecoded.class);
    assertThat(typed.play(RecordedStream.ahead(malformed, 7))).isEqualTo(json.decode(malformed, 7));
    assertThat(typed.malformed()).isEqualTo(json.malformed()).isEqualTo(1);
  }

  private static void assertSameBook(OrderBook actual, OrderBook expected, int levels) {
    assertThat(actual.lastUpdateId()).isEqualTo(expected.lastUpdateId());
    assertThat(Double.compare(actual.bestBid(), expected.bestBid())).isZero(); // NaN (an empty side) compares equal
    assertThat(Double.compare(actual.bestAsk(), expected.bestAsk())).isZero();
    assertThat(actual.quantity(true, 5)).isEqualTo(expected.quantity(true, 5));
    assertThat(actual.quantity(false, 5)).isEqualTo(expected.quantity(false, 5));
    if (levels > 1) {
      assertThat(actual.snapshot(levels, 0, 0, "replay")).isEqualTo(expected.snapshot(levels, 0, 0, "replay"));
    }
  }
}
