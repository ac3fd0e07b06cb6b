package dev.mariposa.market.replay;

import dev.mariposa.events.Ticker;
import dev.mariposa.events.TradePrint;
import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.book.BookSynchronizer;
import dev.mariposa.market.book.DepthDiff;
import dev.mariposa.market.book.DepthSnapshot;
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
 * a backtest runs it flat out, each message decoded once ahead ({@link #ahead}) and played on every
 * run ({@link #play}), with the same outcome as {@link #decode}.
 */
public final class RecordedStream {
  private final String symbol;
  private final Optional<DepthSnapshot> snapshot;
  private BookSynchronizer book;
  private boolean snapshotWanted;
  private long malformed;

  /** A message and the time it happened. */
  public record Timed(JsonObject message, long time) {}

  /** What one message did: its event, if it is one, and whether the book changed and is usable. */
  public record Decoded(Optional<BinanceMessages.Event> event, boolean bookChanged) {
    static final Decoded NOTHING = new Decoded(Optional.empty(), false);
    static final Decoded BOOK_CHANGED = new Decoded(Optional.empty(), true);
  }

  /**
   * A message decoded ahead, at the time it happened: a depth diff read, a ticker or a trade
   * normalized; anything else (a kline, whose event is mutable JSON, or a malformed message) kept
   * as it came, decoded when played. Read-only: runs share them.
   */
  public sealed interface Message permits Diff, Normalized, Undecoded {}

  public record Diff(DepthDiff diff) implements Message {}

  public record Normalized(Decoded decoded) implements Message {}

  public record Undecoded(JsonObject message, long time) implements Message {}

  /** The REST snapshot {@code {lastUpdateId, bids, asks}} is read here: a malformed one throws. */
  public RecordedStream(String symbol, Optional<JsonObject> snapshot) {
    this(symbol, snapshot.map(DepthSnapshot::of).orElse(null));
  }

  private RecordedStream(String symbol, DepthSnapshot snapshot) {
    this.symbol = symbol;
    this.snapshot = Optional.ofNullable(snapshot);
    reset();
  }

  /** A stream whose REST snapshot was read already (one reading for many runs). */
  public static RecordedStream of(String symbol, Optional<DepthSnapshot> snapshot) {
    return new RecordedStream(symbol, snapshot.orElse(null));
  }

  /** {@code message}, which happened at {@code time}, decoded ahead: {@link #play} gives what {@code decode(message, time)} does. */
  public static Message ahead(JsonObject message, long time) {
    try {
      if (BinanceMessages.isDepthDiff(message)) {
        return new Diff(DepthDiff.of(message.getJsonObject("data")));
      }
      Optional<BinanceMessages.Event> event = BinanceMessages.normalize(message, time);
      if (event.isPresent() && (event.get().body() instanceof Ticker || event.get().body() instanceof TradePrint)) {
        return new Normalized(new Decoded(event, false));
      }
    } catch (RuntimeException e) {
      // malformed: decoded when played, to be counted there
    }
    return new Undecoded(message, time);
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
        return onDiff(DepthDiff.of(message.getJsonObject("data"))) ? Decoded.BOOK_CHANGED : Decoded.NOTHING;
      }
      return new Decoded(BinanceMessages.normalize(message, receivedAt), false);
    } catch (RuntimeException e) {
      malformed++;
      return Decoded.NOTHING;
    }
  }

  /** Plays one message decoded ahead, as received at the time it happened. */
  public Decoded play(Message message) {
    if (message instanceof Diff diff) {
      return onDiff(diff.diff()) ? Decoded.BOOK_CHANGED : Decoded.NOTHING;
    }
    if (message instanceof Normalized normalized) {
      return normalized.decoded();
    }
    Undecoded undecoded = (Undecoded) message;
    return decode(undecoded.message(), undecoded.time());
  }

  private boolean onDiff(DepthDiff diff) {
    BookSynchronizer.Outcome outcome = book.onDiff(diff);
    if (outcome == BookSynchronizer.Outcome.FETCH_SNAPSHOT || outcome == BookSynchronizer.Outcome.GAP) {
      snapshotWanted = true;
    }
    if (snapshotWanted && snapshot.isPresent() && diff.lastUpdateId() > snapshot.get().lastUpdateId()) {
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
