package dev.mariposa.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages waiting for one destination (a Telegram chat, a webhook), sent one at a time in
 * order. A failed send is retried, at most {@code maxAttempts} times in all, after the wait the
 * other side asked for or a doubling backoff with jitter; a permanent failure is not retried. At
 * most {@code limit} messages wait: beyond it the oldest is dropped, counted and logged, so a
 * destination that is down for long costs bounded memory and gets the newest news when it is back.
 *
 * <p>Not thread-safe: used on its verticle's context only.
 */
final class DeliveryQueue {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final String name;
  private final int limit;
  private final int maxAttempts;
  private final Duration retryBase;
  private final Function<String, Future<Void>> sender;
  private final Deque<String> waiting = new ArrayDeque<>();
  private final Counter sent;
  private final Counter failed;
  private final Counter dropped;
  private boolean sending;
  private boolean closed;

  /**
   * @param name how logs name the destination: never its URL or token
   * @param kind the {@code destination} tag of the meters: telegram or webhook
   */
  DeliveryQueue(Vertx vertx, String name, String kind, int limit, int maxAttempts, Duration retryBase,
                Function<String, Future<Void>> sender, MeterRegistry registry) {
    this.vertx = vertx;
    this.name = name;
    this.limit = limit;
    this.maxAttempts = maxAttempts;
    this.retryBase = retryBase;
    this.sender = sender;
    this.sent = counter(registry, kind, "sent", "Notifications delivered");
    this.failed = counter(registry, kind, "failed", "Notifications given up after their retries or a permanent failure");
    this.dropped = counter(registry, kind, "dropped", "Notifications dropped, the oldest first, when a destination's queue was full");
  }

  private static Counter counter(MeterRegistry registry, String kind, String outcome, String description) {
    return Counter.builder("mariposa.notify." + outcome).description(description).tag("destination", kind)
        .register(registry);
  }

  /** Queues {@code text}; the oldest waiting message goes when the queue is full. */
  void offer(String text) {
    if (closed) {
      return;
    }
    if (waiting.size() >= limit) {
      waiting.pollFirst();
      dropped.increment();
      LOG.warn("Notification queue of {} full ({} waiting): dropped the oldest", name, limit);
    }
    waiting.addLast(text);
    next();
  }

  int waiting() {
    return waiting.size();
  }

  /** Stops sending; what waits is forgotten. */
  void close() {
    closed = true;
    waiting.clear();
  }

  private void next() {
    if (sending || closed || waiting.isEmpty()) {
      return;
    }
    sending = true;
    attempt(waiting.pollFirst(), 1);
  }

  private void attempt(String text, int attempt) {
    sender.apply(text).onComplete(done -> {
      if (done.succeeded()) {
        sent.increment();
        finished();
        return;
      }
      SendFailure failure = done.cause() instanceof SendFailure f ? f : SendFailure.retry(done.cause().getClass().getSimpleName());
      if (failure.permanent() || attempt >= maxAttempts || closed) {
        failed.increment();
        LOG.warn("Notification to {} given up after {} attempt(s): {}", name, attempt, failure.getMessage());
        finished();
        return;
      }
      Duration wait = failure.retryAfter().orElseGet(() -> backoff(attempt));
      LOG.info("Notification to {} failed (attempt {} of {}), retrying in {} ms: {}", name, attempt, maxAttempts,
          wait.toMillis(), failure.getMessage());
      vertx.setTimer(Math.max(1, wait.toMillis()), id -> attempt(text, attempt + 1));
    });
  }

  private void finished() {
    sending = false;
    next();
  }

  /** The base doubled per attempt, capped, half of it random so that retries spread. */
  private Duration backoff(int attempt) {
    long full = Math.min(MAX_BACKOFF.toMillis(), retryBase.toMillis() << Math.min(20, attempt - 1));
    return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
  }
}
