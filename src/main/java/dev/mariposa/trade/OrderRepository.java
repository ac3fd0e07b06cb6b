package dev.mariposa.trade;

import dev.mariposa.kernel.port.OrderStorePort;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code orders} collection, the live order store ({@link OrderStorePort}): keyed by client
 * order id, the intent inserted (a duplicate key finds the first), fields set only on a document
 * still {@code settled: false}.
 */
public final class OrderRepository extends MongoRepository implements OrderStorePort {
  public OrderRepository(MongoStore store) {
    super(store, "orders", List.of(index("agentId", 1, "createdAt", -1), index("status", 1, "updatedAt", 1),
        index("settled", 1, "createdAt", -1), guardIndex("settled")));
  }

  /**
   * {@code createdAt}: decision time (the replayed time in a replay). {@code updatedAt} is always
   * wall time: when a handler last touched the order, the age reconciliation measures.
   */
  @Override
  public Future<Intent> intent(TradeTicket ticket, long createdAt) {
    JsonObject order = OrderStorePort.newOrder(ticket, createdAt).put("updatedAt", System.currentTimeMillis());
    return writes.write(BulkOperation.createInsert(order)).map(v -> new Intent(order, true))
        .recover(t -> MongoStore.isDuplicateKey(t)
            ? get(ticket.clOrdId()).map(found -> new Intent(found.orElseThrow(), false))
            : Future.failedFuture(t));
  }

  /** A stored order as the API and the bus send it: a copy, its decimals as JSON numbers. */
  public static JsonObject wire(JsonObject stored) {
    return OrderStorePort.wire(stored);
  }

  /**
   * Stores an order found at the venue that MongoDB did not know (reconciliation adopts it); false
   * when an order with its id is stored already, which is left as it is.
   */
  public Future<Boolean> adopt(JsonObject order) {
    return mongo.insert(collection, order.copy().put("adopted", true).put("settled", false)
            .put("updatedAt", System.currentTimeMillis()))
        .map(id -> true)
        .recover(t -> MongoStore.isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t));
  }

  /** The stored orders among these ids, by id, in one query. */
  public Future<Map<String, JsonObject>> byIds(Collection<String> clOrdIds) {
    if (clOrdIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return find(new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(clOrdIds)))),
        new FindOptions()).map(found -> {
          Map<String, JsonObject> byId = new HashMap<>();
          found.forEach(order -> byId.put(order.getString("_id"), order));
          return byId;
        });
  }

  /**
   * The latest orders, newest first (by decision time), of one agent or of all ({@code agentId}
   * null): only those not settled when {@code open} is true, only settled ones when false, all when
   * null. Open orders are few: the (settled, createdAt) index finds them without reading the rest.
   */
  public Future<List<JsonObject>> latest(String agentId, Boolean open, int limit) {
    JsonObject query = new JsonObject();
    if (open != null) {
      query.put("settled", !open);
    }
    if (agentId != null) {
      query.put("agentId", agentId);
    }
    return find(query, new FindOptions().setSort(new JsonObject().put("createdAt", -1).put("_id", -1)).setLimit(limit));
  }

  /** Orders ended REJECTED that last changed since {@code since} (wall clock), of one exchange or all (null): how many. */
  public Future<Long> countRejected(long since, String exchange) {
    return count(rejectedQuery(since, exchange));
  }

  /** The newest {@code limit} of those ({@link #countRejected}), newest first: the (status, updatedAt) index finds them. */
  public Future<List<JsonObject>> rejected(long since, String exchange, int limit) {
    return find(rejectedQuery(since, exchange), new FindOptions().setSort(new JsonObject().put("updatedAt", -1))
        .setLimit(limit));
  }

  private static JsonObject rejectedQuery(long since, String exchange) {
    JsonObject query = new JsonObject().put("status", "REJECTED").put("updatedAt", new JsonObject().put("$gte", since));
    if (exchange != null) {
      query.put("exchange", exchange);
    }
    return query;
  }

  @Override
  public Future<Optional<JsonObject>> get(String clOrdId) {
    return findById(clOrdId);
  }

  /** Once settled, an order never changes again: a slower path driving the same order cannot move it backwards. */
  @Override
  public Future<Void> set(String clOrdId, JsonObject fields) {
    return writes.write(BulkOperation.createUpdate(new JsonObject().put("_id", clOrdId).put("settled", false),
        new JsonObject().put("$set", fields.copy().put("updatedAt", System.currentTimeMillis())), false, false));
  }

  @Override
  public Future<List<JsonObject>> unsettled(long before, int limit) {
    return find(new JsonObject().put("settled", false).put("resting", new JsonObject().put("$ne", true))
            .put("updatedAt", new JsonObject().put("$lt", before)),
        new FindOptions().setLimit(limit).setSort(new JsonObject().put("updatedAt", 1)));
  }

  @Override
  public Future<List<JsonObject>> resting(int limit) {
    return find(new JsonObject().put("settled", false).put("resting", true),
        new FindOptions().setLimit(limit).setSort(new JsonObject().put("restUntil", 1)));
  }

  @Override
  public Future<Boolean> transition(String clOrdId, JsonObject expected, JsonObject fields) {
    JsonObject query = new JsonObject().put("_id", clOrdId).put("settled", false);
    expected.forEach(e -> query.put(e.getKey(), e.getValue() == null ? new JsonObject().put("$exists", false) : e.getValue()));
    return mongo.updateCollection(collection, query,
            new JsonObject().put("$set", fields.copy().put("updatedAt", System.currentTimeMillis())))
        .map(r -> r.getDocModified() == 1);
  }

}
