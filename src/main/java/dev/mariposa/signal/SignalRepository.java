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
  public SignalRepository(MongoStore store) {
    super(store, "signals", List.of(index("agentId", 1, "createdAt", -1), index("status", 1)));
  }

  /** Records the signal with a status; idempotent (upsert by id). */
  public Future<Void> record(Signal signal, String status, String check, String reason) {
    JsonObject document = signal.toJson().put("_id", signal.id()).put("status", status)
        .put("check", check).put("reason", reason).put("updatedAt", System.currentTimeMillis());
    return mongo.replaceDocumentsWithOptions(collection, new JsonObject().put("_id", signal.id()), document,
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  /** The agent's latest signals, newest first. */
  public Future<List<JsonObject>> history(String agentId, int limit) {
    return find(new JsonObject().put("agentId", agentId),
        new FindOptions().setSort(new JsonObject().put("createdAt", -1)).setLimit(limit));
  }
}
