package dev.mariposa.kernel.port;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.kernel.ExitReason;
import dev.mariposa.signal.TradeTicket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The orders, keyed by client order id: the intent is written before the order is sent (a crash
 * leaves a trace to reconcile, never an order nobody knows of), and a second intent for the same
 * id finds the first. Statuses: {@link #NEW} (intent written; the placement may have left),
 * {@link #UNKNOWN} (the exchange's answer was lost, or it said duplicate), then the exchange's
 * LIVE, PARTIALLY_FILLED, FILLED, CANCELED or REJECTED; {@code settled} once its fills are in the
 * account, after which the order never changes again. An order the venue does not know is placed
 * only while its signal lives ({@code expiresAt}) and never when reconciliation adopted it from
 * the venue ({@code adopted}): then it is settled EXPIRED, or CANCELED.
 */
public interface OrderStorePort {
  String NEW = "NEW";
  String UNKNOWN = "UNKNOWN";
  /** The order's decimals, stored as strings, sent as numbers ({@link #wire}). */
  List<String> DECIMALS = List.of("quantity", "filledQuantity", "averagePrice", "fee", "limitPrice");
  /** The status a resting entry ends with when its time to live ran out and it was cancelled for it. */
  String EXPIRED = "EXPIRED";

  /** The stored order, and whether this call created it. */
  record Intent(JsonObject order, boolean created) {}

  /** The intent of {@code ticket}, created at {@code createdAt} (decision time), or the one stored before. */
  Future<Intent> intent(TradeTicket ticket, long createdAt);

  Future<Optional<JsonObject>> get(String clOrdId);

  /** Sets fields of an order that is not settled yet; a settled order is left as it is. */
  Future<Void> set(String clOrdId, JsonObject fields);

  /**
   * Orders not settled and not touched since {@code before}, oldest first: what reconciliation looks
   * up. Resting orders ({@code resting: true}) are left out: their life cycle looks them up.
   */
  Future<List<JsonObject>> unsettled(long before, int limit);

  /** Resting orders (placed, live at the venue, {@code resting: true}) not settled, the soonest due first. */
  Future<List<JsonObject>> resting(int limit);

  /**
   * Sets {@code fields} of an order not settled only if it still holds every value of
   * {@code expected} (a field expected null must be absent): true when this call changed it. Two
   * drivers of the same order (two instances) agree on who sends the next amend this way.
   */
  Future<Boolean> transition(String clOrdId, JsonObject expected, JsonObject fields);

  /** A new order's document (without {@code updatedAt}, which the store keeps). */
  static JsonObject newOrder(TradeTicket ticket, long createdAt) {
    JsonObject order = new JsonObject().put("_id", ticket.clOrdId()).put("clOrdId", ticket.clOrdId())
        .put("signalId", ticket.signal().id()).put("agentId", ticket.signal().agentId())
        .put("symbol", ticket.signal().symbol()).put("side", ticket.side().name())
        .put("quantity", ticket.quantity().toPlainString()).put("exchange", ticket.exchange().name().toLowerCase())
        .put("orderType", ticket.orderType().name())
        .put("status", NEW).put("settled", false).put("createdAt", createdAt)
        .put("expiresAt", ticket.signal().expiresAt())
        .put("exitReason", ExitReason.of(ticket.signal()));
    ticket.limitPrice().ifPresent(px -> order.put("limitPrice", px.toPlainString()));
    ticket.resting().ifPresent(plan -> order.put("plan", plan.toJson()));
    ticket.swap().ifPresent(terms -> order.put("swap", terms.toJson()));
    return order;
  }

  /**
   * The request that places a stored order: its type, limit price and swap terms (an order stored
   * without a type is a market one, without swap terms a spot one).
   */
  static OrderRequest request(JsonObject order) {
    return new OrderRequest(order.getString("_id"), order.getString("symbol"), Side.valueOf(order.getString("side")),
        OrderRequest.Type.valueOf(order.getString("orderType", "MARKET")), new BigDecimal(order.getString("quantity")),
        Optional.ofNullable(order.getString("limitPrice")).map(BigDecimal::new),
        Optional.ofNullable(order.getJsonObject("swap")).map(SwapOrder::fromJson));
  }

  /** What a resting order keeps for its life cycle's own bookkeeping (FillProgress, amends): not sent. */
  List<String> BOOKKEEPING = List.of("progressSeq", "progressFills", "progressQuantity", "progressNotional",
      "progressFee", "pendingFills", "pendingApplied", "pendingLiquidity", "amendRequestId", "amendPrice");

  /** A stored order as the API and the bus send it: a copy without its bookkeeping, its decimals as JSON numbers. */
  static JsonObject wire(JsonObject stored) {
    JsonObject copy = stored.copy();
    BOOKKEEPING.forEach(copy::remove);
    return JsonDecimals.numbers(copy, DECIMALS);
  }
}
