package dev.mariposa.kernel.memory;

import dev.mariposa.kernel.port.SignalQueuePort;
import dev.mariposa.signal.Signal;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The signal queue in memory, with the Redis queue's semantics (the {@code signal-*.lua} scripts):
 * ordered by score then by id in byte order (a sorted set's order), a signal offered again under
 * its id takes its new score, a (agent, symbol, bar) is a duplicate while its dedup entry lives
 * ({@link #DEDUP_TTL} on {@code clock}, the last millisecond included, as a Redis key's expiry).
 * Nothing dies in one process, so a taken signal stays taken until acknowledged: the visibility
 * deadline of {@link #take} is not kept.
 */
public final class InMemorySignalQueue implements SignalQueuePort {
  private record Entry(long score, String id) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::score).thenComparing(Entry::id, InMemorySignalQueue::byUtf8);

  private final LongSupplier clock;
  private final TreeSet<Entry> pending = new TreeSet<>(ORDER);
  private final Map<String, Entry> pendingById = new HashMap<>();
  private final Map<String, Signal> items = new HashMap<>();
  private final Map<String, Integer> attempts = new HashMap<>();
  private final Map<String, Long> seenUntil = new HashMap<>();
  private long nextSweep;

  /** {@code clock}: the time the dedup entries live on (ms; simulated in a backtest). */
  public InMemorySignalQueue(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public Future<Boolean> offer(Signal signal) {
    long now = clock.getAsLong();
    sweep(now);
    String key = signal.dedupKey();
    Long until = seenUntil.get(key);
    if (until != null && now <= until) {
      return Future.succeededFuture(false);
    }
    seenUntil.put(key, now + DEDUP_TTL.toMillis());
    items.put(signal.id(), signal);
    Entry entry = new Entry(signal.score(), signal.id());
    Entry before = pendingById.put(signal.id(), entry);
    if (before != null) {
      pending.remove(before);
    }
    pending.add(entry);
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Optional<Taken>> take(Duration visibility) {
    Entry best = pending.pollFirst();
    if (best == null) {
      return Future.succeededFuture(Optional.empty());
    }
    pendingById.remove(best.id());
    int attempt = attempts.merge(best.id(), 1, Integer::sum);
    return Future.succeededFuture(Optional.ofNullable(items.get(best.id())).map(signal -> new Taken(signal, attempt)));
  }

  @Override
  public Future<Void> ack(String id) {
    items.remove(id);
    attempts.remove(id);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> forget(Signal signal) {
    seenUntil.remove(signal.dedupKey());
    return Future.succeededFuture();
  }

  /** Signals waiting to be taken. */
  public int depth() {
    return pending.size();
  }

  /** Drops the expired dedup entries, once per TTL: memory stays bounded by a day's signals. */
  private void sweep(long now) {
    if (now >= nextSweep) {
      seenUntil.values().removeIf(until -> until < now);
      nextSweep = now + DEDUP_TTL.toMillis();
    }
  }

  /** Redis orders members by their bytes: UTF-8 order, which is code point order. */
  private static int byUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
