package dev.mariposa.http;

import dev.mariposa.config.ApiScope;
import dev.mariposa.trade.OrderRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * DELETE /api/orders/{clOrdId}: asks for a resting order's cancel. The request is written on the
 * stored order ({@code cancelRequested} with its reason), exactly as the resting-order engine
 * writes its own; the trade role's next step sends it to the venue and settles the order
 * CANCELED (with what filled before). Answers 202 with the order as it stands: a second DELETE
 * finds the cancel requested and answers the same; a settled or non-resting order is 409
 * order_not_resting, an unknown one 404.
 */
public final class OrderCancelApi implements ApiRoutes {
  private static final Pattern CL_ORD_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  private final OrderRepository orders;
  private final BearerAuth auth;

  public OrderCancelApi(OrderRepository orders, BearerAuth auth) {
    this.orders = orders;
    this.auth = auth;
  }

  @Override
  public void mount(Router router) {
    router.delete("/api/orders/:id").handler(auth.allowing(ApiScope.TRADE, "cancel orders")).handler(this::cancel);
  }

  private void cancel(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!CL_ORD_ID.matcher(id).matches()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "an order id is its client order id: 1 to 32 letters or digits");
      return;
    }
    String by = auth.identity(ctx.request().getHeader("Authorization")).orElse("?");
    request(id, "cancelled: by " + by + " through the API")
        .onSuccess(order -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(answer(id, order).encode()))
        .onFailure(t -> ApiError.send(ctx, t, "the orders"));
  }

  /** The order with its cancel requested: by this call, or by an earlier one (whose reason stays). */
  private Future<JsonObject> request(String id, String reason) {
    return orders.get(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new ApiException(ErrorCode.ORDER_NOT_FOUND, "No order " + id));
      }
      JsonObject order = found.get();
      if (order.getBoolean("settled", false) || !order.getBoolean("resting", false)) {
        return Future.failedFuture(new ApiException(ErrorCode.ORDER_NOT_RESTING, "Order " + id + " is "
            + (order.getBoolean("settled", false) ? "settled (" + order.getString("status") + ")" : "not a resting order")
            + ": there is nothing to cancel").with("status", order.getString("status")));
      }
      if (order.getBoolean("cancelRequested", false)) {
        return Future.succeededFuture(order);
      }
      JsonObject fields = new JsonObject().put("cancelRequested", true).put("cancelReason", reason);
      // Only from the state read: if the engine settled or cancelled it meanwhile, read it again.
      return orders.transition(id, new JsonObject().put("resting", true)
              .put("cancelRequested", order.getValue("cancelRequested")), fields)
          .compose(done -> done ? Future.succeededFuture(order.copy().mergeIn(fields)) : request(id, reason));
    });
  }

  private static JsonObject answer(String id, JsonObject order) {
    return new JsonObject().put("clOrdId", id).put("agentId", order.getString("agentId"))
        .put("symbol", order.getString("symbol")).put("status", order.getString("status"))
        .put("cancelRequested", true).put("cancelReason", order.getString("cancelReason"));
  }
}
