package dev.mariposa.http;

import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.trade.FillRepository;
import dev.mariposa.trade.OrderRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * GET /api/trades?agentId=&limit= (fills, newest first; 404 for an unknown agent), GET
 * /api/orders?agentId=&open=&limit= (orders, newest first: the dashboard's resting orders are the
 * open ones) and GET /api/orders/{clOrdId}.
 */
public final class TradeApi implements ApiRoutes {
  private static final Pattern CL_ORD_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  private static final String ORDERS_AND_FILLS = "the orders and fills";
  /** Orders are listed a page at most this long: the open ones are few, a history is read with /api/trades. */
  static final int MAX_ORDERS = 500;

  private final FillRepository fills;
  private final OrderRepository orders;
  private final KnownAgents known;

  public TradeApi(FillRepository fills, OrderRepository orders, AgentRepository agents) {
    this.fills = fills;
    this.orders = orders;
    this.known = new KnownAgents(agents);
  }

  @Override
  public void mount(Router router) {
    router.get("/api/trades").handler(this::trades);
    router.get("/api/orders").handler(this::orders);
    router.get("/api/orders/:id").handler(this::order);
  }

  private void trades(RoutingContext ctx) {
    String agentId = ctx.queryParams().get("agentId");
    if (!validAgentId(ctx, agentId)) {
      return;
    }
    Optional<Integer> limit = Params.integer(ctx, "limit", 100, 1, 1000);
    Optional<Integer> offset = Params.integer(ctx, "offset", 0, 0, 100_000);
    if (limit.isEmpty() || offset.isEmpty()) {
      return;
    }
    Future<List<JsonObject>> latest = fills.latest(agentId, limit.get(), offset.get());
    (agentId == null ? latest : known.read(agentId, latest))
        .onSuccess(list -> ctx.json(new JsonObject().put("trades",
                new JsonArray(list.stream().map(f -> FillRepository.wire(f).put("id", f.getString("_id")))
                    .peek(f -> f.remove("_id")).toList()))
            .put("limit", limit.get()).put("offset", offset.get())))
        .onFailure(t -> ApiError.send(ctx, t, ORDERS_AND_FILLS));
  }

  private void orders(RoutingContext ctx) {
    String agentId = ctx.queryParams().get("agentId");
    if (!validAgentId(ctx, agentId)) {
      return;
    }
    Optional<Optional<Boolean>> open = Params.bool(ctx, "open");
    if (open.isEmpty()) {
      return;
    }
    Optional<Integer> limit = Params.integer(ctx, "limit", 100, 1, MAX_ORDERS);
    if (limit.isEmpty()) {
      return;
    }
    Future<List<JsonObject>> latest = orders.latest(agentId, open.get().orElse(null), limit.get());
    (agentId == null ? latest : known.read(agentId, latest))
        .onSuccess(list -> ctx.json(new JsonObject().put("orders", new JsonArray(list.stream()
                .map(o -> OrderRepository.wire(o).put("id", o.getString("_id"))).toList()))
            .put("limit", limit.get())))
        .onFailure(t -> ApiError.send(ctx, t, ORDERS_AND_FILLS));
  }

  private void order(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!CL_ORD_ID.matcher(id).matches()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "an order id is its client order id: 1 to 32 letters or digits");
      return;
    }
    orders.get(id)
        .onSuccess(found -> found.ifPresentOrElse(o -> ctx.json(OrderRepository.wire(o).put("id", id)),
            () -> ApiError.send(ctx, ErrorCode.ORDER_NOT_FOUND, "No order " + id)))
        .onFailure(t -> ApiError.send(ctx, t, ORDERS_AND_FILLS));
  }

  /** An absent agentId is every agent's; a malformed one is answered 400. */
  private static boolean validAgentId(RoutingContext ctx, String agentId) {
    if (agentId != null && !AgentJson.ID.matcher(agentId).matches()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "agentId must be 1 to 40 lower-case letters, digits or '-'");
      return false;
    }
    return true;
  }
}
