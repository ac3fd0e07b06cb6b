package dev.mariposa.market.replay;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Plays recorded items in order on the caller's event loop, at their recorded pace divided by the
 * speed factor: speed 1 keeps the recorded pace, 60 plays a minute per second, 0 goes as fast as
 * the loop allows (in slices, so the loop stays responsive). With loop on it starts over at the
 * end, forever, calling {@code onRestart} first; each pass plays right after the one before, in
 * whole minutes ({@link #passOffset}), so the time it stamps never goes back nor jumps.
 */
final class PacedReplay<T> {
  private static final int SLICE = 500;
  private static final long MINUTE_MS = 60_000;

  private final Vertx vertx;
  private final List<T> items;
  private final ToLongFunction<T> timeMs;
  private final double speed;
  private final boolean loop;
  private final Consumer<T> emit;
  private final Runnable onRestart;
  private int next;
  private long passes = -1;
  private long firstTime;
  private long startedAt;
  private long timer = -1;
  private boolean stopped;

  /** {@code timeMs} gives an item's recorded time (non-decreasing along the list). */
  PacedReplay(Vertx vertx, List<T> items, ToLongFunction<T> timeMs, double speed, boolean loop, Consumer<T> emit,
              Runnable onRestart) {
    this.vertx = vertx;
    this.items = items;
    this.timeMs = timeMs;
    this.speed = speed;
    this.loop = loop;
    this.emit = emit;
    this.onRestart = onRestart;
  }

  void start() {
    next = 0;
    passes++;
    startedAt = System.currentTimeMillis();
    firstTime = items.isEmpty() ? 0 : timeMs.applyAsLong(items.get(0));
    schedule();
  }

  /**
   * What to add to an item's recorded time for the time of this pass: zero on the first, then the
   * items' span rounded up to whole minutes per pass. A day's bars replayed again are the next
   * day's; a ten-minute capture's next pass follows it within a minute (whole days would make the
   * replayed time jump a day every few seconds of a fast replay, and expire every signal in flight
   * across a pass), and minute bars built from its trades stay on minute boundaries.
   */
  long passOffset() {
    if (passes <= 0 || items.isEmpty()) {
      return 0;
    }
    long span = timeMs.applyAsLong(items.get(items.size() - 1)) - timeMs.applyAsLong(items.get(0)) + 1;
    return passes * ((span + MINUTE_MS - 1) / MINUTE_MS) * MINUTE_MS;
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void schedule() {
    if (stopped) {
      return;
    }
    if (next >= items.size()) {
      if (loop && !items.isEmpty()) {
        onRestart.run();
        start();
      }
      return;
    }
    if (speed == 0) {
      vertx.runOnContext(v -> {
        for (int i = 0; i < SLICE && next < items.size() && !stopped; i++) {
          emit.accept(items.get(next++));
        }
        schedule();
      });
      return;
    }
    long due = startedAt + (long) ((timeMs.applyAsLong(items.get(next)) - firstTime) / speed);
    timer = vertx.setTimer(Math.max(1, due - System.currentTimeMillis()), id -> {
      emit.accept(items.get(next++));
      schedule();
    });
  }
}
