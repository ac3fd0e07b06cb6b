package dev.mariposa.kernel.memory;

import dev.mariposa.exchange.Fill;
import dev.mariposa.kernel.port.FillStorePort;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fills in memory, by order and id ({@code <clOrdId>:<n>}): writing one twice replaces it, as
 * the collection does.
 */
public final class InMemoryFillStore implements FillStorePort {
  private final Map<String, Map<String, JsonObject>> byOrder = new HashMap<>();

  @Override
  public Future<Void> saveAll(List<JsonObject> documents) {
    documents.forEach(f -> byOrder.computeIfAbsent(f.getString("clOrdId"), id -> new LinkedHashMap<>())
        .put(f.getString("_id"), f.copy()));
    return Future.succeededFuture();
  }

  /** The executions of one order, in their order. */
  public List<Fill> of(String clOrdId) {
    return byOrder.getOrDefault(clOrdId, Map.of()).values().stream()
        .map(f -> new Fill(new BigDecimal(f.getString("quantity")), new BigDecimal(f.getString("price")),
            new BigDecimal(f.getString("fee")), f.getLong("at")))
        .toList();
  }
}
