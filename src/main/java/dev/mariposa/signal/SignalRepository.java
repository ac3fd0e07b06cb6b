package dev.mariposa.signal;

import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;

/**
 * The history of signals in the {@code signals} collection, one document per signal id with its
 * latest status (queued, sent, rejected, expired, dropped) and the reason: every rejection is
 * kept and can be read back through the API.
 */
public final class SignalRepository extends MongoRepository {
  static final String SENT = "sent";

  public SignalRepository(MongoStore store) {
    super(store, "signals", List.of(index("agentId", 1, "createdAt", -1), index("status", 1)));
  }

  /**
   * Records the signal with a status (upsert by id), unless it is recorded as sent already: its
   * ticket is in the trade stream then, and a later attempt at the same signal (it came back
   * because something after the record failed, say Redis) must not call it expired or dropped.
   * False when the sent record was kept. {@code at}: decision time, the clock's.
   */
  public Future<Boolean> record(Signal signal, String status, String check, String reason, long at) {
    JsonObject document = signal.toJson().put("_id", signal.id()).put("status", status)
        .put("check", check).put("reason", reason).put("updatedAt", at);
    JsonObject notSent = new JsonObject().put("_id", signal.id()).put("status", new JsonObject().put("$ne", SENT));
    return mongo.replaceDocumentsWithOptions(collection, notSent, document, new UpdateOptions().setUpsert(true))
        .map(true)
        // The filter missed a sent document, so the upsert tried to insert its id again.
        .recover(t -> MongoStore.isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t));
  }

  /** The agent's latest signals, newest first. */
  public Future<List<JsonObject>> history(String agentId, int limit) {
    return find(new JsonObject().put("agentId", agentId),
        new FindOptions().setSort(new JsonObject().put("createdAt", -1)).setLimit(limit));
  }
}
