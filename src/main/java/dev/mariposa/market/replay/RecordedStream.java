package dev.mariposa.market.replay;

import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.book.BookSynchronizer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One symbol's recorded combined-stream messages, decoded as the live feed decodes them:
 * tickers, trades and klines become events, depth diffs go into a {@link BookSynchronizer} fed
 * with the recorded REST snapshot (used once the stream has passed it, as it arrived in real
 * time). Times: a message's event time, or for one without (a bookTicker) the previous one's, or
 * the first known time when it comes before any. No pacing and no I/O: the live replay paces it,
 * a backtest runs it flat out.
 */
public final class RecordedStream {
  private final String symbol;
  private final Optional<JsonObject> snapshot;
  private BookSynchronizer book;
  private boolean snapshotWanted;
  private long malformed;

  /** A message and the time it happened. */
  public record Timed(JsonObject message, long time) {}

  /** What one message did: its event, if it is one, and whether the book changed and is usable. */
  public record Decoded(Optional<BinanceMessages.Event> event, boolean bookChanged) {
    static final Decoded NOTHING = new Decoded(Optional.empty(), false);
  }

  public RecordedStream(String symbol, Optional<JsonObject> snapshot) {
    this.symbol = symbol;
    this.snapshot = snapshot;
    reset();
  }

  public static List<Timed> timed(List<JsonObject> messages) {
    long known = messages.stream().map(RecordedStream::eventTime).filter(t -> t != null).findFirst().orElse(0L);
    List<Timed> timed = new ArrayList<>(messages.size());
    for (JsonObject message : messages) {
      Long time = eventTime(message);
      known = time != null ? time : known;
      timed.add(new Timed(message, known));
    }
    return timed;
  }

  /** A fresh book (a loop of the replay starts over). */
  public void reset() {
    book = new BookSynchronizer(symbol);
    snapshotWanted = false;
  }

  public BookSynchronizer book() {
    return book;
  }

  /** Messages that could not be read (counted, skipped). */
  public long malformed() {
    return malformed;
  }

  /** Decodes one message received at {@code receivedAt}. */
  public Decoded decode(JsonObject message, long receivedAt) {
    try {
      if (BinanceMessages.isDepthDiff(message)) {
        return new Decoded(Optional.empty(), onDiff(message.getJsonObject("data")));
      }
      return new Decoded(BinanceMessages.normalize(message, receivedAt), false);
    } catch (RuntimeException e) {
      malformed++;
      return Decoded.NOTHING;
    }
  }

  private boolean onDiff(JsonObject diff) {
    BookSynchronizer.Outcome outcome = book.onDiff(diff);
    if (outcome == BookSynchronizer.Outcome.FETCH_SNAPSHOT || outcome == BookSynchronizer.Outcome.GAP) {
      snapshotWanted = true;
    }
    if (snapshotWanted && snapshot.isPresent() && diff.getLong("u") > snapshot.get().getLong("lastUpdateId")) {
      snapshotWanted = false;
      outcome = book.onSnapshot(snapshot.get());
    }
    return (outcome == BookSynchronizer.Outcome.APPLIED || outcome == BookSynchronizer.Outcome.SYNCED) && book.isSynced();
  }

  private static Long eventTime(JsonObject message) {
    JsonObject data = message.getValue("data") instanceof JsonObject d ? d : null;
    return data != null && data.getValue("E") instanceof Number e ? e.longValue() : null;
  }
}
