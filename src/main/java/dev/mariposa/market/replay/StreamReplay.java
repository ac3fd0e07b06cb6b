package dev.mariposa.market.replay;

import dev.mariposa.bus.Addresses;
import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.book.BookSynchronizer;
import dev.mariposa.market.book.ThrottledBookPublisher;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Replays one symbol's recorded combined-stream messages through the same parsing and order book
 * as the live feed: tickers, trades and klines as events, depth diffs into a
 * {@link BookSynchronizer} fed with the recorded REST snapshot, and the book (top 20) published
 * after each applied diff, never crossed. Paced by the messages' event times (speed as for
 * {@link KlineReplay}); a message without one keeps the previous time.
 */
public final class StreamReplay {
  private static final int SLICE = 500;
  private static final int DEPTH = 20;
  private static final long BOOK_INTERVAL_MS = 100;

  private final Vertx vertx;
  private final String symbol;
  private final List<JsonObject> messages;
  private final Optional<JsonObject> snapshot;
  private final double speed;
  private final boolean loop;
  private final BiConsumer<String, JsonObject> publish;
  private BookSynchronizer book;
  private ThrottledBookPublisher books;
  private boolean snapshotWanted;
  private int next;
  private long firstTime;
  private long lastTime;
  private long startedAt;
  private long timer = -1;
  private boolean stopped;
  private long malformed;
  private long crossedSkipped;

  public StreamReplay(Vertx vertx, String symbol, List<JsonObject> messages, Optional<JsonObject> snapshot,
                      double speed, boolean loop, BiConsumer<String, JsonObject> publish) {
    this.vertx = vertx;
    this.symbol = symbol;
    this.messages = messages;
    this.snapshot = snapshot;
    this.speed = speed;
    this.loop = loop;
    this.publish = publish;
  }

  public StreamReplay start() {
    next = 0;
    book = new BookSynchronizer(symbol);
    if (books != null) {
      books.stop();
    }
    books = new ThrottledBookPublisher(vertx, BOOK_INTERVAL_MS, this::publishBook);
    snapshotWanted = false;
    startedAt = System.currentTimeMillis();
    firstTime = -1;
    schedule();
    return this;
  }

  public void stop() {
    stopped = true;
    if (books != null) {
      books.stop();
    }
    vertx.cancelTimer(timer);
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

  private void schedule() {
    if (stopped) {
      return;
    }
    if (next >= messages.size()) {
      if (loop && !messages.isEmpty()) {
        start();
      }
      return;
    }
    if (speed == 0) {
      vertx.runOnContext(v -> {
        for (int i = 0; i < SLICE && next < messages.size() && !stopped; i++) {
          emit(messages.get(next++));
        }
        schedule();
      });
      return;
    }
    long time = eventTime(messages.get(next));
    if (firstTime < 0) {
      firstTime = time;
    }
    long due = startedAt + (long) ((time - firstTime) / speed);
    timer = vertx.setTimer(Math.max(1, due - System.currentTimeMillis()), id -> {
      emit(messages.get(next++));
      schedule();
    });
  }

  private long eventTime(JsonObject message) {
    JsonObject data = message.getJsonObject("data");
    Long time = data == null ? null : data.getLong("E");
    if (time != null) {
      lastTime = time;
    }
    return lastTime;
  }

  private void emit(JsonObject message) {
    long now = System.currentTimeMillis();
    try {
      if (BinanceMessages.isDepthDiff(message)) {
        onDiff(message.getJsonObject("data"));
      } else {
        BinanceMessages.normalize(message, now).ifPresent(e -> publish.accept(e.address(), e.body()));
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
