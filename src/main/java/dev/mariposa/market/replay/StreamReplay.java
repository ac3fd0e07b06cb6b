package dev.mariposa.market.replay;

import dev.mariposa.bus.Addresses;
import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.book.BookSynchronizer;
import dev.mariposa.market.book.ThrottledBookPublisher;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Replays one symbol's recorded combined-stream messages through the same parsing and order book
 * as the live feed: tickers, trades and klines as events, depth diffs into a
 * {@link BookSynchronizer} fed with the recorded REST snapshot, and the book (top 20) published
 * at most every 100 ms, never crossed. Paced by the messages' event times (see {@link PacedReplay});
 * a message without one (a bookTicker) takes the previous one's, or the first known time when it
 * comes before any.
 */
public final class StreamReplay {
  private static final int DEPTH = 20;
  private static final long BOOK_INTERVAL_MS = 100;

  private final Vertx vertx;
  private final String symbol;
  private final Optional<JsonObject> snapshot;
  private final BiConsumer<String, JsonObject> publish;
  private final PacedReplay<Timed> replay;
  private BookSynchronizer book;
  private ThrottledBookPublisher books;
  private boolean snapshotWanted;
  private long lastTime;
  private long malformed;
  private long crossedSkipped;

  public StreamReplay(Vertx vertx, String symbol, List<JsonObject> messages, Optional<JsonObject> snapshot,
                      double speed, boolean loop, BiConsumer<String, JsonObject> publish) {
    this.vertx = vertx;
    this.symbol = symbol;
    this.snapshot = snapshot;
    this.publish = publish;
    this.replay = new PacedReplay<>(vertx, timed(messages), Timed::time, speed, loop, this::emit, this::resetBook);
  }

  /** A message and the time it is replayed at. */
  private record Timed(JsonObject message, long time) {}

  private static List<Timed> timed(List<JsonObject> messages) {
    long known = messages.stream().map(StreamReplay::eventTime).filter(t -> t != null).findFirst().orElse(0L);
    List<Timed> timed = new ArrayList<>(messages.size());
    for (JsonObject message : messages) {
      Long time = eventTime(message);
      known = time != null ? time : known;
      timed.add(new Timed(message, known));
    }
    return timed;
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
    return book;
  }

  public long malformed() {
    return malformed;
  }

  /** Books not published because they were crossed (a missed update; none in real captures). */
  public long crossedSkipped() {
    return crossedSkipped;
  }

  private void resetBook() {
    if (books != null) {
      books.stop();
    }
    book = new BookSynchronizer(symbol);
    books = new ThrottledBookPublisher(vertx, BOOK_INTERVAL_MS, this::publishBook);
    snapshotWanted = false;
  }

  private static Long eventTime(JsonObject message) {
    JsonObject data = message.getValue("data") instanceof JsonObject d ? d : null;
    return data != null && data.getValue("E") instanceof Number e ? e.longValue() : null;
  }

  private void emit(Timed timed) {
    JsonObject message = timed.message();
    lastTime = timed.time();
    long now = System.currentTimeMillis();
    try {
      if (BinanceMessages.isDepthDiff(message)) {
        onDiff(message.getJsonObject("data"));
      } else {
        BinanceMessages.normalize(message, now).ifPresent(e -> publish.accept(e.address(), e.body().put("source", "replay")));
      }
    } catch (RuntimeException e) {
      malformed++;
    }
  }

  private void onDiff(JsonObject diff) {
    BookSynchronizer.Outcome outcome = book.onDiff(diff);
    if (outcome == BookSynchronizer.Outcome.FETCH_SNAPSHOT || outcome == BookSynchronizer.Outcome.GAP) {
      snapshotWanted = true;
    }
    // The recorded REST answer is used once the stream has passed it, as it arrived in real time.
    if (snapshotWanted && snapshot.isPresent() && diff.getLong("u") > snapshot.get().getLong("lastUpdateId")) {
      snapshotWanted = false;
      outcome = book.onSnapshot(snapshot.get());
    }
    if ((outcome == BookSynchronizer.Outcome.APPLIED || outcome == BookSynchronizer.Outcome.SYNCED) && book.isSynced()) {
      books.changed(diff.getLong("E", lastTime));
    }
  }

  private void publishBook(long exchangeTime) {
    if (!book.isSynced()) {
      return;
    }
    if (book.book().isCrossed()) {
      crossedSkipped++;
      return;
    }
    publish.accept(Addresses.book(symbol), book.book().depth(DEPTH)
        .put("exchangeTime", exchangeTime).put("receivedAt", System.currentTimeMillis()).put("source", "replay"));
  }
}
