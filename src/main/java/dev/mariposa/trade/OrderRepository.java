package dev.mariposa.trade;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import java.util.List;
import java.util.Optional;

/**
 * The {@code orders} collection, keyed by client order id: the intent is written before the order
 * is sent (so a crash leaves a trace to reconcile, never an order nobody knows of), and a second
 * intent for the same id finds the first. Statuses: NEW (intent written; the placement may have
 * left), UNKNOWN (the exchange's answer was lost, or it said duplicate), then the exchange's LIVE,
 * PARTIALLY_FILLED, FILLED, CANCELED or REJECTED; {@code settled} once its fills are in the account.
 */
public final class OrderRepository extends MongoRepository {
  public static final String NEW = "NEW";
  public static final String UNKNOWN = "UNKNOWN";
  /** The order's decimals, stored as strings, sent as numbers ({@link #wire}). */
  public static final List<String> DECIMALS = List.of("quantity", "filledQuantity", "averagePrice", "fee", "limitPrice");

  /** The stored order, and whether this call created it. */
  public record Intent(JsonObject order, boolean created) {}

  public OrderRepository(MongoStore store) {
    super(store, "orders", List.of(index("agentId", 1, "createdAt", -1), index("status", 1, "updatedAt", 1)));
  }

  /**
   * {@code createdAt}: decision time (the replayed time in a replay). {@code updatedAt} is always
   * wall time: when a handler last touched the order, the age reconciliation measures.
   */
  public Future<Intent> intent(TradeTicket ticket, long createdAt) {
    JsonObject order = new JsonObject().put("_id", ticket.clOrdId()).put("clOrdId", ticket.clOrdId())
        .put("signalId", ticket.signal().id()).put("agentId", ticket.signal().agentId())
        .put("symbol", ticket.signal().symbol()).put("side", ticket.side().name())
        .put("quantity", ticket.quantity().toPlainString()).put("exchange", ticket.exchange().name().toLowerCase())
        .put("status", NEW).put("settled", false).put("createdAt", createdAt)
        .put("updatedAt", System.currentTimeMillis());
    return mongo.insert(collection, order).map(id -> new Intent(order, true))
        .recover(t -> MongoStore.isDuplicateKey(t)
            ? get(ticket.clOrdId()).map(found -> new Intent(found.orElseThrow(), false))
            : Future.failedFuture(t));
  }

  /** A stored order as the API and the bus send it: a copy, its decimals as JSON numbers. */
  public static JsonObject wire(JsonObject stored) {
    return JsonDecimals.numbers(stored.copy(), DECIMALS);
  }

  public Future<Optional<JsonObject>> get(String clOrdId) {
    return findById(clOrdId);
  }

  /**
   * Sets fields of an order that is not settled yet: once settled, an order never changes again
   * (a slower path driving the same order cannot move it backwards).
   */
  public Future<Void> set(String clOrdId, JsonObject fields) {
    return mongo.updateCollection(collection, new JsonObject().put("_id", clOrdId).put("settled", false),
        new JsonObject().put("$set", fields.copy().put("updatedAt", System.currentTimeMillis()))).mapEmpty();
  }

  /** Orders not settled and not touched since {@code before}: what reconciliation looks up. */
  public Future<List<JsonObject>> unsettled(long before, int limit) {
    return find(new JsonObject().put("settled", false).put("updatedAt", new JsonObject().put("$lt", before)),
        new FindOptions().setLimit(limit).setSort(new JsonObject().put("updatedAt", 1)));
  }

}
