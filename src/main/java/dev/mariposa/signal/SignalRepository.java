package dev.mariposa.signal;

import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
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
    super(store, "signals", List.of(index("agentId", 1, "createdAt", -1), index("status", 1), guardIndex("status")));
  }

  /**
   * Records the signal with a status, unless it is recorded as sent already: its ticket is in the
   * trade stream then, and a later attempt at the same signal (it came back because something
   * after the record failed, say Redis) must not call it expired or dropped. False when the sent
   * record was kept. {@code at}: decision time, the clock's. A signal is recorded once as a rule:
   * one insert; only a later attempt reads the first record and replaces it while its status is
   * still the one read.
   */
  public Future<Boolean> record(Signal signal, String status, String check, String reason, long at) {
    JsonObject document = signal.toJson().put("_id", signal.id()).put("status", status)
        .put("check", check).put("reason", reason).put("updatedAt", at);
    return writes.write(BulkOperation.createInsert(document)).map(true)
        .recover(t -> MongoStore.isDuplicateKey(t) ? recordAgain(document) : Future.failedFuture(t));
  }

  private Future<Boolean> recordAgain(JsonObject document) {
    String id = document.getString("_id");
    return findById(id).compose(found -> {
      String recorded = found.map(f -> f.getString("status")).orElse(null);
      if (SENT.equals(recorded)) {
        return Future.succeededFuture(false);
      }
      JsonObject unchanged = new JsonObject().put("_id", id).put("status", recorded);
      return mongo.replaceDocumentsWithOptions(collection, unchanged, document, new UpdateOptions().setUpsert(recorded == null))
          .map(r -> r.getDocMatched() == 1 || r.getDocUpsertedId() != null)
          .recover(t -> MongoStore.isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t));
    });
  }

  /** The agent's latest signals, newest first. */
  public Future<List<JsonObject>> history(String agentId, int limit) {
    return find(new JsonObject().put("agentId", agentId),
        new FindOptions().setSort(new JsonObject().put("createdAt", -1)).setLimit(limit));
  }
}
