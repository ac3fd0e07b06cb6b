package dev.mariposa.kernel.memory;

import dev.mariposa.exchange.Fill;
import dev.mariposa.kernel.port.FillStorePort;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fills in memory, by id ({@code <clOrdId>:<n>}): writing one twice replaces it, as the collection does. */
public final class InMemoryFillStore implements FillStorePort {
  private final Map<String, JsonObject> fills = new LinkedHashMap<>();

  @Override
  public Future<Void> saveAll(List<JsonObject> documents) {
    documents.forEach(f -> fills.put(f.getString("_id"), f.copy()));
    return Future.succeededFuture();
  }

  /** The executions of one order, in their order. */
  public List<Fill> of(String clOrdId) {
    return fills.values().stream().filter(f -> clOrdId.equals(f.getString("clOrdId")))
        .map(f -> new Fill(new BigDecimal(f.getString("quantity")), new BigDecimal(f.getString("price")),
            new BigDecimal(f.getString("fee")), f.getLong("at")))
        .toList();
  }

  /** How many fills are stored. */
  public int size() {
    return fills.size();
  }
}
