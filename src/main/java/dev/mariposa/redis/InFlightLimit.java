package dev.mariposa.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most {@code limit} calls in flight; the others wait their turn here, each started again on the
 * context that asked for it. In front of the Redis Cluster client: every command there first
 * awaits the client's slot map, which it refreshes every second through a connection of the same
 * pool; a burst that holds every pooled connection (a key sweep's thousand UNLINKs at once) waits
 * for a map that can never be fetched, and the client stops answering for good. Bounded below the
 * pool size, the same bursts go through. Thread-safe: every event loop sends through one instance.
 */
final class InFlightLimit {
  private final Vertx vertx;
  private final int limit;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  InFlightLimit(Vertx vertx, int limit) {
    this.vertx = vertx;
    this.limit = limit;
  }

  <T> Future<T> call(Supplier<Future<T>> call) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    waiting.add(() -> {
      onContext(context, () -> call.get().onComplete(ar -> {
        inFlight.decrementAndGet();
        drain();
        onContext(context, () -> promise.handle(ar));
      }));
    });
    drain();
    return promise.future();
  }

  private static void onContext(Context context, Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  int waiting() {
    return waiting.size();
  }

  /** Starts waiting calls while there is room; safe to race from any thread. */
  private void drain() {
    while (!waiting.isEmpty()) {
      int now = inFlight.get();
      if (now >= limit) {
        return;
      }
      if (!inFlight.compareAndSet(now, now + 1)) {
        continue;
      }
      Runnable next = waiting.poll();
      if (next == null) {
        inFlight.decrementAndGet(); // another thread took the last one
        continue;
      }
      next.run();
    }
  }
}
