package dev.mariposa.trade;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.kernel.port.FillStorePort;
import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code fills} collection: one document per execution, {@code <clOrdId>:<n>}, so writing one twice is harmless. */
public final class FillRepository extends MongoRepository implements FillStorePort {
  /** A fill's decimals, stored as strings, sent as numbers ({@link #wire}). */
  public static final List<String> DECIMALS = List.of("quantity", "price", "fee", "funding");

  public FillRepository(MongoStore store) {
    super(store, "fills", List.of(index("agentId", 1, "at", -1), index("clOrdId", 1)));
  }

  /** A stored fill as the API sends it: a copy, its decimals as JSON numbers. */
  public static JsonObject wire(JsonObject stored) {
    return JsonDecimals.numbers(stored.copy(), DECIMALS);
  }

  /**
   * A swap position's funding payment as the collection keeps it, beside the executions: no
   * quantity, {@code funding} received (negative: paid), its id the agent's and the key its account
   * applied it under, so writing it twice is harmless.
   */
  public static JsonObject fundingDocument(String agentId, String symbol, String key, BigDecimal received, long at,
                                           String exchange) {
    return new JsonObject().put("_id", agentId + ":" + key).put("clOrdId", key).put("agentId", agentId)
        .put("symbol", symbol).put("side", "BUY").put("quantity", "0").put("price", "0").put("fee", "0")
        .put("funding", received.stripTrailingZeros().toPlainString()).put("at", at).put("exchange", exchange)
        .put("swap", true);
  }

  /** In one round trip (with the other writes of the moment). */
  @Override
  public Future<Void> saveAll(List<JsonObject> fills) {
    if (fills.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.all(fills.stream().map(f -> writes.write(BulkOperation.createReplace(
        new JsonObject().put("_id", f.getString("_id")), f, true))).toList()).mapEmpty();
  }

  /** Every stored fill of these orders, by client order id, each order's in the order of their ids; one query. */
  public Future<Map<String, List<JsonObject>>> ofOrders(Collection<String> clOrdIds) {
    if (clOrdIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return find(new JsonObject().put("clOrdId", new JsonObject().put("$in", new JsonArray(List.copyOf(clOrdIds)))),
        new FindOptions().setSort(new JsonObject().put("_id", 1))).map(found -> {
          Map<String, List<JsonObject>> byOrder = new HashMap<>();
          found.forEach(fill -> byOrder.computeIfAbsent(fill.getString("clOrdId"), id -> new ArrayList<>()).add(fill));
          return byOrder;
        });
  }

  /** The latest fills, newest first, of one agent or of all: {@code limit} after skipping {@code offset}. */
  public Future<List<JsonObject>> latest(String agentId, int limit, int offset) {
    JsonObject query = agentId == null ? new JsonObject() : new JsonObject().put("agentId", agentId);
    return find(query, new FindOptions().setSort(new JsonObject().put("at", -1).put("_id", -1)).setSkip(offset).setLimit(limit));
  }
}
