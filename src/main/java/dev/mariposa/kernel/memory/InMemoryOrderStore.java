package dev.mariposa.kernel.memory;

import dev.mariposa.kernel.port.OrderStorePort;
import dev.mariposa.signal.TradeTicket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The orders in memory, with the {@code orders} collection's semantics: one document per client
 * order id (a second intent finds the first), fields set only while the order is not settled,
 * {@code updatedAt} on {@code clock}. Answers with copies, as a database does.
 */
public final class InMemoryOrderStore implements OrderStorePort {
  private final LongSupplier clock;
  private final Map<String, JsonObject> orders = new LinkedHashMap<>();
  /** The ids of the resting orders not settled: a backtest asks for them after every event. */
  private final Set<String> resting = new LinkedHashSet<>();

  /** {@code clock}: the time {@code updatedAt} is stamped with (ms; simulated in a backtest). */
  public InMemoryOrderStore(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public Future<Intent> intent(TradeTicket ticket, long createdAt) {
    JsonObject stored = orders.get(ticket.clOrdId());
    if (stored != null) {
      return Future.succeededFuture(new Intent(stored.copy(), false));
    }
    JsonObject order = OrderStorePort.newOrder(ticket, createdAt).put("updatedAt", clock.getAsLong());
    orders.put(ticket.clOrdId(), order);
    return Future.succeededFuture(new Intent(order.copy(), true));
  }

  @Override
  public Future<Optional<JsonObject>> get(String clOrdId) {
    return Future.succeededFuture(Optional.ofNullable(orders.get(clOrdId)).map(JsonObject::copy));
  }

  @Override
  public Future<Void> set(String clOrdId, JsonObject fields) {
    JsonObject order = orders.get(clOrdId);
    if (order != null && !order.getBoolean("settled", false)) {
      order.mergeIn(fields.copy()).put("updatedAt", clock.getAsLong());
      index(clOrdId, order);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<List<JsonObject>> unsettled(long before, int limit) {
    return Future.succeededFuture(orders.values().stream()
        .filter(o -> !o.getBoolean("settled", false) && !o.getBoolean("resting", false) && o.getLong("updatedAt") < before)
        .sorted(Comparator.comparingLong(o -> o.getLong("updatedAt"))).limit(limit).map(JsonObject::copy).toList());
  }

  @Override
  public Future<List<JsonObject>> resting(int limit) {
    if (resting.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return Future.succeededFuture(resting.stream().map(orders::get)
        .sorted(Comparator.comparingLong(o -> o.getLong("restUntil", 0L))).limit(limit).map(JsonObject::copy).toList());
  }

  private void index(String clOrdId, JsonObject order) {
    if (order.getBoolean("resting", false) && !order.getBoolean("settled", false)) {
      resting.add(clOrdId);
    } else {
      resting.remove(clOrdId);
    }
  }

  @Override
  public Future<Boolean> transition(String clOrdId, JsonObject expected, JsonObject fields) {
    JsonObject order = orders.get(clOrdId);
    boolean matches = order != null && !order.getBoolean("settled", false)
        && expected.stream().allMatch(e -> Objects.equals(order.getValue(e.getKey()), e.getValue()));
    if (matches) {
      order.mergeIn(fields.copy()).put("updatedAt", clock.getAsLong());
      index(clOrdId, order);
    }
    return Future.succeededFuture(matches);
  }
}
