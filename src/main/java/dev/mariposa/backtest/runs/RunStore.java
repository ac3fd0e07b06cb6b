package dev.mariposa.backtest.runs;

import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs in MongoDB. {@code backtest_runs}: one document per run, {@code _id} the run id, with its
 * status (queued, running, done, failed, cancelled), the request and the agents' definitions as they
 * were when asked, progress, the instance running it and its heartbeat, times (ms), the summary or
 * the error. {@code backtest_reports}: the report's JSON text in parts of at most {@link #PART_CHARS}
 * characters ({@code <runId>:<n>}), so no report meets MongoDB's 16 MB document limit. Status changes
 * are conditional updates on the status they leave, so a run is claimed once and ends once.
 */
public final class RunStore extends MongoRepository {
  public static final String RUNS = "backtest_runs";
  public static final String REPORTS = "backtest_reports";
  /** Characters per report part: 4M characters are at most 12 MB of UTF-8, JSON mostly one byte each. */
  static final int PART_CHARS = 4_000_000;
  private static final JsonObject NEWEST_FIRST = new JsonObject().put("createdAt", -1).put("_id", -1);
  private final int partChars;

  public RunStore(MongoStore store) {
    this(store, PART_CHARS);
  }

  /** With reports cut every {@code partChars} characters. */
  RunStore(MongoStore store, int partChars) {
    super(store, RUNS, List.of(index("status", 1, "createdAt", 1), index("createdAt", -1)));
    store.declareIndexes(REPORTS, List.of(index("runId", 1, "n", 1)));
    this.partChars = partChars;
  }

  public Future<Void> create(JsonObject run) {
    return mongo.insert(collection, run).mapEmpty();
  }

  public Future<Optional<JsonObject>> get(String id) {
    return findById(id);
  }

  /** A page of runs, newest first, without the agents' definitions. */
  public Future<List<JsonObject>> list(int offset, int limit) {
    return find(new JsonObject(), new FindOptions().setSort(NEWEST_FIRST).setSkip(offset).setLimit(limit)
        .setFields(new JsonObject().put("agents", 0)));
  }

  public Future<Long> total() {
    return count(new JsonObject());
  }

  /** The oldest queued run, now running on {@code instance}; empty when none waits. */
  public Future<Optional<JsonObject>> claim(String instance, long now) {
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("status", "running").put("instance", instance)
        .put("startedAt", now).put("heartbeatAt", now));
    return mongo.findOneAndUpdateWithOptions(collection, new JsonObject().put("status", "queued"), update,
            new FindOptions().setSort(new JsonObject().put("createdAt", 1).put("_id", 1)),
            new UpdateOptions().setReturningNewDocument(true))
        .map(Optional::ofNullable);
  }

  /** Records a running run's progress and heartbeat; answers whether a cancel was asked meanwhile. */
  public Future<Boolean> heartbeat(String id, JsonObject progress, long now) {
    JsonObject set = new JsonObject().put("heartbeatAt", now).put("progress", progress);
    return mongo.findOneAndUpdateWithOptions(collection, running(id), new JsonObject().put("$set", set), new FindOptions(),
            new UpdateOptions().setReturningNewDocument(true))
        .map(doc -> doc != null && doc.getBoolean("cancelRequested", false));
  }

  /**
   * Ends a running run as {@code status} with {@code fields}; false when it was not running, or,
   * {@code unlessCancelled}, when a cancel was asked meanwhile.
   */
  public Future<Boolean> finish(String id, String status, JsonObject fields, long now, boolean unlessCancelled) {
    JsonObject set = fields.copy().put("status", status).put("finishedAt", now);
    JsonObject query = running(id);
    if (unlessCancelled) {
      query.put("cancelRequested", new JsonObject().put("$ne", true));
    }
    return mongo.updateCollection(collection, query, new JsonObject().put("$set", set))
        .map(result -> result != null && result.getDocMatched() > 0);
  }

  /** A queued run cancelled at once: the run as it is now, or empty when it was not queued. */
  public Future<Optional<JsonObject>> cancelQueued(String id, long now) {
    JsonObject set = new JsonObject().put("status", "cancelled").put("finishedAt", now);
    return mongo.findOneAndUpdateWithOptions(collection, new JsonObject().put("_id", id).put("status", "queued"),
            new JsonObject().put("$set", set), new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .map(Optional::ofNullable);
  }

  /** Marks a running run to be stopped at its engine's next progress check; false when it was not running. */
  public Future<Boolean> requestCancel(String id) {
    return mongo.updateCollection(collection, running(id),
            new JsonObject().put("$set", new JsonObject().put("cancelRequested", true)))
        .map(result -> result != null && result.getDocMatched() > 0);
  }

  /** Runs whose instance stopped beating before {@code before}: failed, saying so. Answers how many. */
  public Future<Long> failStale(long before, long now) {
    JsonObject query = new JsonObject().put("status", "running").put("heartbeatAt", new JsonObject().put("$lt", before));
    JsonObject set = new JsonObject().put("status", "failed").put("finishedAt", now)
        .put("error", "the instance running it stopped (no heartbeat): start the run again");
    return mongo.updateCollectionWithOptions(collection, query, new JsonObject().put("$set", set),
            new UpdateOptions().setMulti(true))
        .map(result -> result == null ? 0L : result.getDocModified());
  }

  /** Stores a report's text in parts (replacing any of a previous attempt). */
  public Future<Void> saveReport(String id, String text) {
    int parts = Math.max(1, (text.length() + partChars - 1) / partChars);
    List<BulkOperation> writes = new ArrayList<>();
    for (int n = 0; n < parts; n++) {
      JsonObject part = new JsonObject().put("_id", id + ":" + n).put("runId", id).put("n", n).put("parts", parts)
          .put("text", text.substring(n * partChars, Math.min(text.length(), (n + 1) * partChars)));
      writes.add(BulkOperation.createReplace(new JsonObject().put("_id", part.getString("_id")), part, true));
    }
    return mongo.bulkWrite(REPORTS, writes).mapEmpty();
  }

  /** A report's text, when the run stored a whole one. */
  public Future<Optional<String>> report(String id) {
    return mongo.findWithOptions(REPORTS, new JsonObject().put("runId", id),
            new FindOptions().setSort(new JsonObject().put("n", 1)))
        .map(parts -> {
          if (parts.isEmpty() || parts.get(0).getInteger("parts") != parts.size()) {
            return Optional.empty();
          }
          StringBuilder text = new StringBuilder();
          parts.forEach(part -> text.append(part.getString("text")));
          return Optional.of(text.toString());
        });
  }

  private static JsonObject running(String id) {
    return new JsonObject().put("_id", id).put("status", "running");
  }

  /** The run as the API answers it: its id as {@code id}, the agents' definitions left out. */
  public static JsonObject view(JsonObject run) {
    JsonObject view = new JsonObject().put("id", run.getString("_id"));
    run.forEach(field -> {
      if (!field.getKey().equals("_id") && !field.getKey().equals("agents")) {
        view.put(field.getKey(), field.getValue());
      }
    });
    return view;
  }
}
