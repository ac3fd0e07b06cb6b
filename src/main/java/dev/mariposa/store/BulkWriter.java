package dev.mariposa.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group commit for one collection: one bulk write (ordered: false) under way at a time, and the
 * writes that arrive meanwhile leave together in the next. Idle, a write leaves at once; under
 * load one round trip carries many, so the database does one command where it did dozens. Each
 * write completes alone, on its caller's context: done when the bulk write is, or failed with its
 * own error (a duplicate key says E11000, as a single write's would). Writes of one batch run in
 * no particular order: callers that need one write after another wait for the first.
 */
public final class BulkWriter {
  private static final int MAX_BATCH = 1_000;
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions(false);

  private record Pending(BulkOperation operation, Promise<Void> done, Context context) {}

  private final MongoClient mongo;
  private final String collection;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private boolean writing;

  public BulkWriter(MongoClient mongo, String collection) {
    this.mongo = mongo;
    this.collection = collection;
  }

  /** Completes once {@code operation} is written (or fails with its own error). */
  public Future<Void> write(BulkOperation operation) {
    Promise<Void> done = Promise.promise();
    boolean start;
    synchronized (this) {
      waiting.add(new Pending(operation, done, Vertx.currentContext()));
      start = !writing;
      writing = true;
    }
    if (start) {
      flush();
    }
    return done.future();
  }

  private void flush() {
    List<Pending> batch = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
        batch.add(waiting.poll());
      }
      if (batch.isEmpty()) {
        writing = false;
        return;
      }
    }
    Future<?> written;
    try {
      written = mongo.bulkWriteWithOptions(collection, batch.stream().map(Pending::operation).toList(), UNORDERED);
    } catch (RuntimeException e) { // a closed client throws: the batch fails, the writer goes on
      written = Future.failedFuture(e);
    }
    written.onComplete(ar -> {
      Map<Integer, Throwable> failures = ar.succeeded() ? Map.of() : failures(ar.cause(), batch.size());
      for (int i = 0; i < batch.size(); i++) {
        complete(batch.get(i), failures.get(i));
      }
      flush();
    });
  }

  /** Each write's failure by its index: those named by a bulk write error, or every one when the whole write failed. */
  private static Map<Integer, Throwable> failures(Throwable cause, int size) {
    Map<Integer, Throwable> failures = new HashMap<>();
    if (cause instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() == null) {
      for (BulkWriteError error : bulk.getWriteErrors()) {
        failures.put(error.getIndex(), new VertxException(error.getMessage(), true));
      }
    } else {
      for (int i = 0; i < size; i++) {
        failures.put(i, cause);
      }
    }
    return failures;
  }

  private static void complete(Pending pending, Throwable failure) {
    Runnable completion = failure == null ? () -> pending.done().complete() : () -> pending.done().fail(failure);
    if (pending.context() == null) {
      completion.run();
    } else {
      pending.context().runOnContext(v -> completion.run());
    }
  }
}
