package dev.mariposa.market;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed leader's writes of closed bars to MongoDB ({@link KlineHistory}): queued per bar (the
 * latest version wins), flushed as one bulk upsert every history.flushMs, kept and retried when a
 * flush fails (at most {@value #MAX_PENDING} bars; the oldest are dropped and counted beyond).
 * Each series is pruned to history.klineRetentionDays before its newest bar, at most once per
 * {@link #PRUNE_EVERY}. At close, what is pending is written before MongoDB closes, and nothing is
 * pruned. Runs on the feed verticle's context.
 */
final class KlineHistoryWriter {
  private static final Logger LOG = LoggerFactory.getLogger(KlineHistoryWriter.class);
  static final int MAX_PENDING = 200_000;
  private static final int MAX_BATCH = 5_000;
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final KlineHistory history;
  private final long retentionMs;
  private final Map<String, JsonObject> pending = new LinkedHashMap<>();
  private final Map<String, Long> newest = new HashMap<>();
  private final Map<String, Long> prunedAt = new HashMap<>();
  private final Counter written;
  private final Counter failures;
  private final Counter dropped;
  private final long timer;
  private boolean inFlight;
  private boolean closed;
  private Future<Void> lastWrite = Future.succeededFuture();

  KlineHistoryWriter(Vertx vertx, KlineHistory history, int retentionDays, Duration flush, MeterRegistry registry) {
    this.vertx = vertx;
    this.history = history;
    this.retentionMs = Duration.ofDays(retentionDays).toMillis();
    this.written = Counter.builder("mariposa.market.history.writes").description("Closed bars written to MongoDB")
        .register(registry);
    this.failures = Counter.builder("mariposa.market.history.write.failures")
        .description("Bulk writes of closed bars that failed (the bars are kept and retried)").register(registry);
    this.dropped = Counter.builder("mariposa.market.history.dropped")
        .description("Closed bars dropped unwritten: more than " + MAX_PENDING + " waited for MongoDB").register(registry);
    this.timer = vertx.setPeriodic(flush.toMillis(), id -> flush());
  }

  /** Queues a bar if it is closed. */
  void add(JsonObject bar) {
    if (!bar.getBoolean("closed", false)) {
      return;
    }
    String series = bar.getString("symbol") + ":" + bar.getString("interval");
    long openTime = bar.getLong("openTime");
    pending.put(series + ":" + openTime, bar);
    newest.merge(series, openTime, Math::max);
    if (pending.size() > MAX_PENDING) {
      Iterator<String> oldest = pending.keySet().iterator();
      oldest.next();
      oldest.remove();
      dropped.increment();
    }
  }

  /** Bars waiting to be written. */
  int pending() {
    return pending.size();
  }

  /** Completes when the write under way and then the bars still pending are written (or one fails). */
  Future<Void> close() {
    vertx.cancelTimer(timer);
    closed = true;
    return lastWrite.transform(ar -> flushRest());
  }

  private Future<Void> flushRest() {
    return pending.isEmpty() ? Future.succeededFuture() : flush().compose(v -> flushRest());
  }

  private Future<Void> flush() {
    if (inFlight || pending.isEmpty()) {
      return Future.succeededFuture();
    }
    List<JsonObject> batch = new ArrayList<>(Math.min(MAX_BATCH, pending.size()));
    Iterator<Map.Entry<String, JsonObject>> it = pending.entrySet().iterator();
    while (it.hasNext() && batch.size() < MAX_BATCH) {
      batch.add(it.next().getValue());
      it.remove();
    }
    inFlight = true;
    lastWrite = history.saveAll(batch).andThen(ar -> {
      inFlight = false;
      if (ar.succeeded()) {
        written.increment(batch.size());
        if (!closed) {
          prune();
        }
      } else {
        failures.increment();
        LOG.warn("Cannot write {} closed bars to MongoDB (kept, retried): {}", batch.size(), ar.cause().getMessage());
        for (JsonObject bar : batch) { // back in the queue unless a newer version came meanwhile
          pending.putIfAbsent(bar.getString("symbol") + ":" + bar.getString("interval") + ":" + bar.getLong("openTime"), bar);
        }
      }
    }).mapEmpty();
    return lastWrite;
  }

  private void prune() {
    long now = System.currentTimeMillis();
    newest.forEach((series, openTime) -> {
      if (now - prunedAt.getOrDefault(series, 0L) < PRUNE_EVERY.toMillis()) {
        return;
      }
      prunedAt.put(series, now);
      int split = series.indexOf(':');
      history.prune(series.substring(0, split), series.substring(split + 1), openTime - retentionMs)
          .onFailure(t -> LOG.warn("Cannot prune the klines of {}: {}", series, t.getMessage()));
    });
  }
}
