package dev.mariposa.signal;

import dev.mariposa.exchange.Side;
import dev.mariposa.redis.LuaScript;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent's orders approved by the risk gate and not settled yet, in Redis
 * ({@code signal:inflight:{<agentId>}}, a hash by client order id): the gate counts them with the
 * account, so a signal that comes before the previous order's fill cannot double a position or
 * sell what is already being sold. The signal role adds a ticket before handing it to the trade
 * stream; the trade role removes it once the order's outcome is settled. An entry older than
 * {@link #MAX_AGE} is left out (its order's handler died and reconciliation finishes it).
 */
public final class InFlightOrders {
  public static final Duration MAX_AGE = Duration.ofMinutes(5);
  private static final LuaScript MARK_RESTING = LuaScript.load("inflight-resting");

  private final RedisConnections redis;
  private final RedisKeys keys;

  public InFlightOrders(RedisConnections redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public Future<Void> add(TradeTicket ticket) {
    String key = key(ticket.signal().agentId());
    return redis.batch(List.of(
            Request.cmd(Command.HSET).arg(key).arg(ticket.clOrdId()).arg(toJson(InFlightOrder.of(ticket)).encode()),
            Request.cmd(Command.PEXPIRE).arg(key).arg(MAX_AGE.toMillis())))
        .mapEmpty();
  }

  /** The order rests at the venue now (placed, not settled): see {@link InFlightOrder#resting}. */
  public Future<Void> markResting(String agentId, String clOrdId) {
    return MARK_RESTING.run(redis, List.of(key(agentId)), List.of(clOrdId)).mapEmpty();
  }

  public Future<Void> remove(String agentId, String clOrdId) {
    return redis.send(Request.cmd(Command.HDEL).arg(key(agentId)).arg(clOrdId)).mapEmpty();
  }

  /** The agent's in-flight orders younger than {@link #MAX_AGE} at {@code now}. */
  public Future<List<InFlightOrder>> of(String agentId, long now) {
    return redis.send(Request.cmd(Command.HGETALL).arg(key(agentId))).map(response -> {
      List<InFlightOrder> orders = new ArrayList<>();
      if (response != null) {
        response.getKeys().forEach(clOrdId -> keep(orders, clOrdId, response.get(clOrdId).toString(), now));
      }
      return orders;
    });
  }

  /** The orders of an in-flight hash read inside a script (a flat list of id, json) younger than {@link #MAX_AGE}. */
  static List<InFlightOrder> fromFlatList(Response flat, long now) {
    List<InFlightOrder> orders = new ArrayList<>();
    for (int i = 0; flat != null && i + 1 < flat.size(); i += 2) {
      keep(orders, flat.get(i).toString(), flat.get(i + 1).toString(), now);
    }
    return orders;
  }

  private static void keep(List<InFlightOrder> orders, String clOrdId, String json, long now) {
    InFlightOrder order = fromJson(clOrdId, new JsonObject(json));
    if (now - order.at() < MAX_AGE.toMillis()) {
      orders.add(order);
    }
  }

  private static JsonObject toJson(InFlightOrder order) {
    return new JsonObject().put("symbol", order.symbol()).put("side", order.side().name())
        .put("quantity", order.quantity().toPlainString()).put("price", order.price().toPlainString()).put("at", order.at())
        .put("resting", order.resting());
  }

  private static InFlightOrder fromJson(String clOrdId, JsonObject json) {
    return new InFlightOrder(clOrdId, json.getString("symbol"), Side.valueOf(json.getString("side")),
        new BigDecimal(json.getString("quantity")), new BigDecimal(json.getString("price")), json.getLong("at"),
        json.getBoolean("resting", false));
  }

  String key(String agentId) {
    return keys.key("signal:", "inflight", RedisKeys.tag(agentId));
  }
}
