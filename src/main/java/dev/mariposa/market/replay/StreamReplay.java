package dev.mariposa.market.replay;

import dev.mariposa.bus.Addresses;
import dev.mariposa.events.Ticker;
import dev.mariposa.events.TradePrint;
import dev.mariposa.market.book.BookSynchronizer;
import dev.mariposa.market.book.ThrottledBookPublisher;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Replays one symbol's recorded combined-stream messages ({@link RecordedStream}: the same parsing
 * and order book as the live feed) as events, with the book (top 20) published at most every
 * 100 ms, never crossed. Paced by the messages' times (see {@link PacedReplay}). Every event is
 * stamped as received at its recorded time (a loop's later passes right after the earlier ones): staleness and
 * decisions run on replayed time.
 */
public final class StreamReplay {
  private static final int DEPTH = 20;
  private static final long BOOK_INTERVAL_MS = 100;

  private final Vertx vertx;
  private final String symbol;
  private final RecordedStream stream;
  private final BiConsumer<String, Object> publish;
  private final PacedReplay<RecordedStream.Timed> replay;
  private ThrottledBookPublisher books;
  private long crossedSkipped;

  public StreamReplay(Vertx vertx, String symbol, List<JsonObject> messages, Optional<JsonObject> snapshot,
                      double speed, boolean loop, BiConsumer<String, Object> publish) {
    this.vertx = vertx;
    this.symbol = symbol;
    this.stream = new RecordedStream(symbol, snapshot);
    this.publish = publish;
    this.replay = new PacedReplay<>(vertx, RecordedStream.timed(messages), RecordedStream.Timed::time, speed, loop,
        this::emit, this::resetBook);
  }

  public StreamReplay start() {
    resetBook();
    replay.start();
    return this;
  }

  public void stop() {
    replay.stop();
    books.stop();
  }

  public BookSynchronizer book() {
    return stream.book();
  }

  public long malformed() {
    return stream.malformed();
  }

  /** Books not published because they were crossed (a missed update; none in real captures). */
  public long crossedSkipped() {
    return crossedSkipped;
  }

  private void resetBook() {
    if (books != null) {
      books.stop();
    }
    stream.reset();
    books = new ThrottledBookPublisher(vertx, BOOK_INTERVAL_MS, this::publishBook);
  }

  private void emit(RecordedStream.Timed timed) {
    RecordedStream.Decoded decoded = stream.decode(timed.message(), timed.time() + replay.passOffset());
    decoded.event().ifPresent(e -> publish.accept(e.address(), replayed(e.body())));
    if (decoded.bookChanged()) {
      JsonObject data = timed.message().getJsonObject("data");
      books.changed(data.getLong("E", timed.time()));
    }
  }

  /** A recorded event as the replay publishes it: its source is "replay". */
  private static Object replayed(Object event) {
    if (event instanceof Ticker ticker) {
      return ticker.withSource("replay");
    }
    if (event instanceof TradePrint trade) {
      return trade.withSource("replay");
    }
    return ((JsonObject) event).put("source", "replay");
  }

  private void publishBook(long exchangeTime) {
    if (!stream.book().isSynced()) {
      return;
    }
    if (stream.book().book().isCrossed()) {
      crossedSkipped++;
      return;
    }
    publish.accept(Addresses.book(symbol), stream.book().book()
        .snapshot(DEPTH, exchangeTime, exchangeTime + replay.passOffset(), "replay"));
  }
}
