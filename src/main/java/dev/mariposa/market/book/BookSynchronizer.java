package dev.mariposa.market.book;

import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps an {@link OrderBook} in step with Binance's diff stream, with the exact spot algorithm
 * of Binance's API documentation ("How to manage a local order book correctly"): buffer the diffs, take a REST snapshot, drop what it already contains, bridge
 * with the first diff whose range covers it, then apply each diff in sequence; a gap throws the
 * book away and starts again. It does no I/O: each call says what the caller must do next, so
 * the live adapter and replay share it and tests drive it with recordings.
 */
public final class BookSynchronizer {
  /** What happened to a diff or a snapshot, and what the caller should do. */
  public enum Outcome {
    /** Applied: the book is in sync and changed. */
    APPLIED,
    /** Kept until a snapshot arrives. */
    BUFFERED,
    /** Buffered, and no snapshot has been asked for yet: fetch one. */
    FETCH_SNAPSHOT,
    /** A diff older than the book, or a snapshot nobody waits for (synced already, or asked for before a reset): ignored. */
    IGNORED,
    /** A sequence gap: the book was thrown away; fetch a new snapshot (diffs are buffered meanwhile). */
    GAP,
    /** The snapshot is older than the first buffered diff, or no buffered diff bridges it: fetch another one. */
    SNAPSHOT_UNUSABLE,
    /** The snapshot was applied and the buffered diffs on top of it: in sync. */
    SYNCED
  }

  private static final int MAX_BUFFER = 10_000;

  private final OrderBook book;
  private final Deque<DepthDiff> buffer = new ArrayDeque<>();
  private boolean synced;
  private boolean snapshotRequested;
  private long gaps;

  public BookSynchronizer(String symbol) {
    this.book = new OrderBook(symbol);
  }

  public OrderBook book() {
    return book;
  }

  public boolean isSynced() {
    return synced;
  }

  /** Sequence gaps seen in the live stream, each of which threw the book away. */
  public long gaps() {
    return gaps;
  }

  /** After a reconnect the stream may have skipped anything: start again from a snapshot. */
  public void reset() {
    synced = false;
    snapshotRequested = false;
    buffer.clear();
  }

  /** One {@code depthUpdate} event ({@code U}, {@code u}, {@code b}, {@code a}), read first: a malformed one throws, changing nothing. */
  public Outcome onDiff(JsonObject diff) {
    return onDiff(DepthDiff.of(diff));
  }

  /** One depth diff, read already. */
  public Outcome onDiff(DepthDiff diff) {
    if (!synced) {
      if (buffer.size() == MAX_BUFFER) {
        buffer.pollFirst(); // a snapshot that takes this long will be too new for them anyway
      }
      buffer.addLast(diff);
      if (!snapshotRequested) {
        snapshotRequested = true;
        return Outcome.FETCH_SNAPSHOT;
      }
      return Outcome.BUFFERED;
    }
    long first = diff.firstUpdateId();
    long last = diff.lastUpdateId();
    if (last < book.lastUpdateId()) {
      return Outcome.IGNORED;
    }
    if (first > book.lastUpdateId() + 1) {
      gaps++;
      synced = false;
      snapshotRequested = true;
      buffer.clear();
      buffer.addLast(diff);
      return Outcome.GAP;
    }
    book.apply(diff);
    return Outcome.APPLIED;
  }

  /** A REST depth snapshot {@code {lastUpdateId, bids, asks}}, asked for after FETCH_SNAPSHOT or GAP; a malformed one throws. */
  public Outcome onSnapshot(JsonObject snapshot) {
    return onSnapshot(DepthSnapshot.of(snapshot));
  }

  /** A depth snapshot, read already. */
  public Outcome onSnapshot(DepthSnapshot snapshot) {
    if (synced || !snapshotRequested) {
      // A second answer, or one asked for before a reset: applying it could take the book back in time.
      return Outcome.IGNORED;
    }
    long snapshotId = snapshot.lastUpdateId();
    if (!buffer.isEmpty() && snapshotId < buffer.peekFirst().firstUpdateId()) {
      return Outcome.SNAPSHOT_UNUSABLE;
    }
    while (!buffer.isEmpty() && buffer.peekFirst().lastUpdateId() <= snapshotId) {
      buffer.pollFirst();
    }
    if (!buffer.isEmpty() && buffer.peekFirst().firstUpdateId() > snapshotId + 1) {
      // The first diff left does not bridge the snapshot: events were lost meanwhile.
      return Outcome.SNAPSHOT_UNUSABLE;
    }
    book.reset(snapshot);
    synced = true;
    snapshotRequested = false;
    while (!buffer.isEmpty()) {
      DepthDiff diff = buffer.peekFirst();
      if (diff.lastUpdateId() < book.lastUpdateId()) {
        buffer.pollFirst();
        continue;
      }
      if (diff.firstUpdateId() > book.lastUpdateId() + 1) {
        // A gap in the stream itself: start again from this diff, keeping the ones after it, so
        // the next snapshot need only reach the gap (REST snapshots lag the stream).
        gaps++;
        synced = false;
        snapshotRequested = true;
        return Outcome.GAP;
      }
      book.apply(buffer.pollFirst());
    }
    return Outcome.SYNCED;
  }
}
