package dev.mariposa.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The lasting history of the cluster's membership: every instance records when it started and
 * stopped, with its roles and version, so an operator can see restarts and crashes after the fact
 * (a start without a stop is a crash).
 */
public final class InstanceEventRepository extends MongoRepository {
  public static final String COLLECTION = "instance_events";

  public InstanceEventRepository(MongoStore store) {
    super(store, COLLECTION, List.of(index("instanceId", 1, "at", -1), index("at", -1)));
  }

  /** Records one event; the generated id is returned so the same record can be read back. */
  public Future<String> record(String instanceId, String type, JsonObject details) {
    String id = UUID.randomUUID().toString();
    JsonObject event = new JsonObject()
        .put("_id", id)
        .put("instanceId", instanceId)
        .put("type", type)
        .put("at", Instant.now().toEpochMilli())
        .put("details", details);
    return upsert(event).map(id);
  }

  public Future<Optional<JsonObject>> get(String id) {
    return findById(id);
  }

  /** The newest events of one instance, newest first. */
  public Future<List<JsonObject>> recent(String instanceId, int limit) {
    return find(new JsonObject().put("instanceId", instanceId),
        new FindOptions().setSort(new JsonObject().put("at", -1)).setLimit(limit));
  }
}
