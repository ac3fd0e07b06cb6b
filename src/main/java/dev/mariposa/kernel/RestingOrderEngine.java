package dev.mariposa.kernel;

import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.kernel.port.OrderStorePort;
import dev.mariposa.kernel.port.RestingOrderPort;
import dev.mariposa.signal.RestingPlan;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The life cycle of resting entries (limit and post-only orders live at the venue), the same live
 * and in backtests. Each {@link #step} looks the order up, records what filled since (once, see
 * {@link FillProgress}), settles it when the venue says it is final, and otherwise: cancels it when
 * trading is halted or its agent is disabled ({@link RestingOrderPort#cancelReason}); when its
 * time to live is up, rests it again at the price its rule gives (an amend), crosses or cancels it
 * ({@link RestingPolicy}). Cancels and amends are exactly-once like placements: each is written on
 * the order before it is sent ({@code cancelRequested}, {@code amendRequestId} with its price,
 * claimed with {@link OrderStorePort#transition} so two drivers never both reprice), and sent
 * again on every step until the venue's answer is known (a cancel is idempotent; an amend carries
 * its request id and sets absolute values). The order is settled by the
 * {@link ExecutionEngine} that placed it: CANCELED, or EXPIRED when its time ran out.
 */
public final class RestingOrderEngine {
  /** How the reason of a cancel for time begins: such an order settles EXPIRED. */
  public static final String EXPIRED_PREFIX = "expired";
  private static final int BATCH = 200;

  private final ExecutionEngine executions;
  private final OrderStorePort orders;
  private final Function<String, Exchange> exchanges;
  private final RestingOrderPort world;
  private final MarketClock clock;

  /** {@code executions}: the engine that placed the orders (it settles them); {@code exchanges}: by name. */
  public RestingOrderEngine(ExecutionEngine executions, OrderStorePort orders, Function<String, Exchange> exchanges,
                            RestingOrderPort world, MarketClock clock) {
    this.executions = executions;
    this.orders = orders;
    this.exchanges = exchanges;
    this.world = world;
    this.clock = clock;
  }

  /** Steps every resting order once; completes with the orders as each step left them (settled or not). */
  public Future<List<JsonObject>> stepAll() {
    return orders.resting(BATCH).compose(resting -> {
      List<Future<JsonObject>> steps = resting.stream().map(this::step).toList();
      return Future.join(steps).transform(done -> Future.succeededFuture(steps.stream()
          .filter(Future::succeeded).map(Future::result).toList()));
    });
  }

  /**
   * Cancels the agent's resting entries in {@code symbol}, saying why (its position is being
   * closed: an entry filling after the exit would open it again). The cancel is written on each
   * order first, then a step sends it (or the step under way now, or the next one).
   */
  public Future<List<JsonObject>> cancelEntries(String agentId, String symbol, String reason) {
    return orders.resting(BATCH).compose(resting -> {
      List<Future<JsonObject>> cancels = resting.stream()
          .filter(o -> agentId.equals(o.getString("agentId")) && symbol.equals(o.getString("symbol"))
              && !o.getBoolean("cancelRequested", false))
          .map(o -> set(o, new JsonObject().put("cancelRequested", true).put("cancelReason", "cancelled: " + reason))
              .compose(this::step))
          .toList();
      return Future.join(cancels).transform(done -> Future.succeededFuture(cancels.stream()
          .filter(Future::succeeded).map(Future::result).toList()));
    });
  }

  /** One step of the order's life cycle; completes with the order as it stands after. */
  public Future<JsonObject> step(JsonObject order) {
    return executions.driveResting(order.getString("_id"), () -> advance(order));
  }

  private Future<JsonObject> advance(JsonObject order) {
    Exchange exchange = exchanges.apply(order.getString("exchange"));
    return exchange.lookup(order).compose(found -> {
      if (found.isEmpty()) {
        return executions.settle(order, unknownToVenue(order), "the venue no longer knows this order");
      }
      if (found.get().status().isFinal()) {
        return executions.settle(order, found.get(), "");
      }
      return executions.recordFills(order, found.get()).compose(recorded -> act(recorded, exchange));
    });
  }

  private Future<JsonObject> act(JsonObject order, Exchange exchange) {
    if (order.getBoolean("cancelRequested", false)) {
      return sendCancel(order, exchange);
    }
    if (!order.getString("amendRequestId", "").isEmpty()) {
      return sendAmend(order, exchange);
    }
    return world.cancelReason(order.getString("agentId")).compose(reason -> reason.isPresent()
        ? requestCancel(order, exchange, "cancelled: " + reason.get())
        : watchBook(order, exchange));
  }

  /** A resting buy whose book turned against it (its plan's {@code cancelOnImbalance}) is cancelled at once. */
  private Future<JsonObject> watchBook(JsonObject order, Exchange exchange) {
    JsonObject plan = order.getJsonObject("plan");
    double threshold = plan == null ? 0 : plan.getDouble("cancelOnImbalance", 0.0);
    if (threshold <= 0) {
      return onTime(order, exchange);
    }
    return world.bookImbalance(order.getString("symbol")).compose(imbalance -> imbalance.isPresent()
        && imbalance.get() <= -threshold
        ? requestCancel(order, exchange, String.format(Locale.ROOT,
            "cancelled: the book turned against it (imbalance %.2f, at or below -%.2f)", imbalance.get(), threshold))
        : onTime(order, exchange));
  }

  private Future<JsonObject> onTime(JsonObject order, Exchange exchange) {
    String symbol = order.getString("symbol");
    long now = clock.millis(symbol);
    if (now < order.getLong("restUntil") || !order.containsKey("plan")) {
      return Future.succeededFuture(order);
    }
    RestingPlan plan = RestingPlan.fromJson(order.getJsonObject("plan"));
    Future<Instrument> instrument = exchange.instrument(symbol);
    var quote = world.liveQuote(symbol, plan.maxQuoteAge(), exchange.realMoney());
    return Future.all(instrument, quote).compose(read -> {
      RestingPolicy.Resting resting = new RestingPolicy.Resting(plan, new BigDecimal(order.getString("limitPrice")),
          order.getInteger("reprices"), order.getBoolean("crossed"), order.getLong("restUntil"));
      RestingPolicy.Decision decision = RestingPolicy.decide(resting, quote.result(), instrument.result().tickSize(), now);
      long until = now + plan.execution().ttl().toMillis();
      if (decision instanceof RestingPolicy.Reprice reprice) {
        return reprice(order, exchange, reprice.price(), until);
      }
      if (decision instanceof RestingPolicy.Cross cross) {
        return claimAmend(order, exchange, new JsonObject().put("crossed", false),
            new JsonObject().put("crossed", true).put("restUntil", until), requestId(order, "x"), cross.price());
      }
      if (decision instanceof RestingPolicy.Cancel cancel) {
        return requestCancel(order, exchange, cancel.reason());
      }
      return Future.succeededFuture(order);
    });
  }

  /** Rests for another time to live: at the same price without asking the venue anything, else amended there. */
  private Future<JsonObject> reprice(JsonObject order, Exchange exchange, BigDecimal price, long until) {
    int n = order.getInteger("reprices");
    JsonObject expected = new JsonObject().put("reprices", n);
    JsonObject fields = new JsonObject().put("reprices", n + 1).put("restUntil", until);
    if (price.compareTo(new BigDecimal(order.getString("limitPrice"))) == 0) {
      return orders.transition(order.getString("_id"), expected, fields).map(won -> order.copy().mergeIn(fields));
    }
    return claimAmend(order, exchange, expected, fields, requestId(order, "r" + (n + 1)), price);
  }

  /** The amend written on the order first (only by the driver whose claim holds), then sent. */
  private Future<JsonObject> claimAmend(JsonObject order, Exchange exchange, JsonObject expected, JsonObject fields,
                                        String requestId, BigDecimal price) {
    JsonObject claim = fields.copy().put("amendRequestId", requestId).put("amendPrice", price.toPlainString());
    return orders.transition(order.getString("_id"), expected, claim)
        .compose(won -> won ? sendAmend(order.copy().mergeIn(claim), exchange) : Future.succeededFuture(order));
  }

  private Future<JsonObject> sendAmend(JsonObject order, Exchange exchange) {
    String id = order.getString("_id");
    BigDecimal price = new BigDecimal(order.getString("amendPrice"));
    return exchange.amend(order.getString("symbol"), id, order.getString("amendRequestId"), Optional.empty(),
        Optional.of(price)).compose(result -> {
          JsonObject done = new JsonObject().put("amendRequestId", "");
          return switch (result.outcome()) {
            case AMENDED -> set(order, done.put("limitPrice", price.toPlainString()));
            case ALREADY_FINAL, NOT_FOUND -> set(order, done); // the next step's lookup settles it
            case REJECTED -> set(order, done).compose(amended -> requestCancel(amended, exchange, EXPIRED_PREFIX
                + ": the venue refused to move it to " + price.toPlainString() + " (" + result.code() + " "
                + result.message() + ")"));
            case UNKNOWN -> Future.succeededFuture(order); // sent again, the same amend, on the next step
          };
        });
  }

  private Future<JsonObject> requestCancel(JsonObject order, Exchange exchange, String reason) {
    JsonObject fields = new JsonObject().put("cancelRequested", true).put("cancelReason", reason);
    return set(order, fields).compose(requested -> sendCancel(requested, exchange));
  }

  private Future<JsonObject> sendCancel(JsonObject order, Exchange exchange) {
    return exchange.cancel(order).compose(result -> switch (result.outcome()) {
      case CANCELED, ALREADY_FINAL -> exchange.lookup(order).compose(found -> found.isEmpty()
          ? executions.settle(order, unknownToVenue(order), "")
          : found.get().status().isFinal() ? executions.settle(order, found.get(), "")
          : Future.succeededFuture(order));
      case NOT_FOUND -> executions.settle(order, unknownToVenue(order), "");
      case UNKNOWN -> Future.succeededFuture(order); // sent again on the next step
    });
  }

  private Future<JsonObject> set(JsonObject order, JsonObject fields) {
    return orders.set(order.getString("_id"), fields).map(v -> order.copy().mergeIn(fields));
  }

  /** The order as it ends when the venue no longer knows it: cancelled with what it recorded. */
  private static OrderState unknownToVenue(JsonObject order) {
    return new OrderState(order.getString("_id"), order.getString("exchangeOrderId"), OrderState.Status.CANCELED,
        new BigDecimal(order.getString("progressQuantity", "0")), BigDecimal.ZERO, BigDecimal.ZERO, List.of());
  }

  /**
   * An amend's request id (OKX reqId: 1 to 32 letters and digits): the client order id's first 26
   * characters and what the amend is ({@code r<n>}: the n-th reprice, {@code x}: the cross), so
   * that sending it again is recognisably the same amend.
   */
  static String requestId(JsonObject order, String what) {
    String id = order.getString("_id");
    return id.substring(0, Math.min(26, id.length())) + what;
  }
}
