package dev.mariposa.reconcile;

import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;
import java.util.Optional;

/**
 * The {@code reconciliation} collection: one document per difference ({@link Discrepancy#id()}),
 * with when it was first and last seen, how many passes saw it, and the last action taken.
 */
public final class DiscrepancyRepository extends MongoRepository {
  public DiscrepancyRepository(MongoStore store) {
    super(store, "reconciliation", List.of(index("lastSeenAt", -1)));
  }

  /** The record of a difference, if it was seen before. */
  public Future<Optional<JsonObject>> get(String id) {
    return findById(id);
  }

  /** Records one difference seen at {@code at}; the record as it was before, empty when it was not seen before. */
  public Future<Optional<JsonObject>> record(Discrepancy discrepancy, long at) {
    JsonObject fields = discrepancy.toJson();
    fields.remove("id");
    JsonObject update = new JsonObject()
        .put("$set", fields.put("lastSeenAt", at))
        .put("$setOnInsert", new JsonObject().put("firstSeenAt", at))
        .put("$inc", new JsonObject().put("seen", 1));
    return mongo.findOneAndUpdateWithOptions(collection, new JsonObject().put("_id", discrepancy.id()), update,
            new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(false))
        .map(Optional::ofNullable);
  }

  /** The differences last seen most recently first, at most {@code limit}. */
  public Future<List<JsonObject>> latest(int limit) {
    return find(new JsonObject(), new FindOptions().setSort(new JsonObject().put("lastSeenAt", -1).put("_id", 1))
        .setLimit(limit));
  }
}
