package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.kernel.port.AccountStorePort;
import dev.mariposa.kernel.port.FillStorePort;
import dev.mariposa.kernel.port.OrderStorePort;
import dev.mariposa.kernel.port.SchedulerPort;
import dev.mariposa.kernel.port.TradeEventPort;
import dev.mariposa.signal.TradeTicket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Places one ticket's order exactly once, the same live and in backtests. The intent is stored
 * first, then the placement (no write in between: an intent that is not settled means "may have
 * been sent"); a ticket seen again (a redelivery, a takeover, a restart) finds the intent and looks
 * the order up by its client order id before anything else: placed again only when the exchange
 * does not know it. Known outcomes are settled: fills stored, the account updated (once per
 * order), the order marked settled, a trade event told. The future fails when the outcome is not
 * known yet; the caller tries again later (live, the stream entry stays pending and comes back).
 */
public final class ExecutionEngine {
  /** A fill of an order that rested in the book and was hit. */
  public static final String MAKER = "maker";
  /** A fill of an order that took from the book. */
  public static final String TAKER = "taker";
  private static final int LOOKUPS = 5;
  /** Placements refused as "not placed" (rate limited, busy) are tried again this many times at once. */
  private static final int NOT_PLACED_RETRIES = 3;
  private static final Duration NOT_PLACED_DELAY = Duration.ofMillis(500);
  private static final Duration LOOKUP_DELAY = Duration.ofMillis(200);

  /**
   * Orders being driven in this process by the live engines (any verticle instance), with their
   * outcome to come: a redelivery, a takeover or a reconciliation of an order already under way
   * here waits for that outcome instead of driving it a second time.
   */
  private static final Map<String, Future<JsonObject>> DRIVEN_IN_PROCESS = new ConcurrentHashMap<>();
  /** The orders under way this engine must not drive twice: the process's, or its own (a backtest's world). */
  private final Map<String, Future<JsonObject>> driving;

  /** Where orders, fills and accounts are kept. */
  public record Stores(OrderStorePort orders, FillStorePort fills, AccountStorePort accounts) {}

  private final OrderStorePort orders;
  private final FillStorePort fills;
  private final AccountStorePort accounts;
  private final Function<String, Exchange> exchanges;
  private final Function<String, BigDecimal> startingBalance;
  private final TradeEventPort events;
  private final SchedulerPort scheduler;
  private final MarketClock clock;
  private final MeterRegistry meters;
  private final Timer placement;
  private final FillProgress progress;

  /**
   * {@code exchanges}: by the order's exchange name; {@code startingBalance}: by agent id;
   * {@code clock}: decision time, which stamps the intent and a fill the exchange gives no time.
   */
  public ExecutionEngine(Stores stores, Function<String, Exchange> exchanges,
                         Function<String, BigDecimal> startingBalance, TradeEventPort events, SchedulerPort scheduler,
                         MarketClock clock, MeterRegistry meters) {
    this(stores, exchanges, startingBalance, events, scheduler, clock, meters, DRIVEN_IN_PROCESS);
  }

  /**
   * An engine over a world of its own (a backtest's in-memory stores and venue): the orders it
   * drives are its own, so engines run side by side on other threads (a parameter search) never
   * mistake each other's orders, which carry the same ids, for theirs.
   */
  public static ExecutionEngine isolated(Stores stores, Function<String, Exchange> exchanges,
                                         Function<String, BigDecimal> startingBalance, TradeEventPort events,
                                         SchedulerPort scheduler, MarketClock clock, MeterRegistry meters) {
    return new ExecutionEngine(stores, exchanges, startingBalance, events, scheduler, clock, meters, new HashMap<>());
  }

  private ExecutionEngine(Stores stores, Function<String, Exchange> exchanges,
                          Function<String, BigDecimal> startingBalance, TradeEventPort events, SchedulerPort scheduler,
                          MarketClock clock, MeterRegistry meters, Map<String, Future<JsonObject>> driving) {
    this.driving = driving;
    this.orders = stores.orders();
    this.fills = stores.fills();
    this.accounts = stores.accounts();
    this.exchanges = exchanges;
    this.startingBalance = startingBalance;
    this.events = events;
    this.scheduler = scheduler;
    this.clock = clock;
    this.meters = meters;
    this.progress = new FillProgress(stores, startingBalance, events);
    // Buckets for the cluster's p99 (histogram_quantile in the Grafana dashboard); percentiles for InstanceFigures.
    this.placement = Timer.builder("mariposa.orders.placement").description("From placement sent to its answer")
        .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30)).register(meters);
  }

  /** Executes a ticket; completes with the settled order once its outcome is stored. */
  public Future<JsonObject> execute(TradeTicket ticket) {
    return drive(ticket.clOrdId(), () -> orders.intent(ticket, clock.millis(ticket.signal().symbol()))
        .compose(intent -> intent.created() ? send(intent.order()) : continued(intent.order())));
  }

  /** Continues a stored order (a redelivered ticket, reconciliation). */
  public Future<JsonObject> resume(JsonObject order) {
    return drive(order.getString("_id"), () -> continued(order));
  }

  /** The account after a spot order's fills; unchanged when they were applied before (once per order). */
  public static Account applyFills(Account account, String clOrdId, String symbol, boolean buy, List<Fill> fills) {
    return applyFills(account, clOrdId, symbol, buy, Optional.empty(), fills);
  }

  /**
   * The account after the stored {@code order}'s {@code fills}, applied under {@code key} (once):
   * on its swap when it has swap terms, spot otherwise.
   */
  public static Account applyFills(Account account, String key, JsonObject order, List<Fill> fills) {
    return applyFills(account, key, order.getString("symbol"), Side.BUY.name().equals(order.getString("side")),
        SwapOrder.of(order), fills);
  }

  private static Account applyFills(Account account, String clOrdId, String symbol, boolean buy, Optional<SwapOrder> swap,
                                    List<Fill> fills) {
    if (account.hasApplied(clOrdId) || fills.isEmpty()) {
      return account;
    }
    Account next = account;
    for (Fill f : fills) {
      next = swap.isPresent()
          ? next.applySwap(clOrdId, symbol, swap.get(), buy, f.quantity(), f.price(), f.fee(), f.at())
          : next.apply(clOrdId, symbol, buy, f.quantity(), f.price(), f.fee(), f.at());
    }
    return next;
  }

  /**
   * The {@code fills} documents of an order's executions, {@code <key>:<n>}: {@code key} is the
   * client order id for what its settlement stores, and another key of the order for fills applied
   * later (reconciliation's missed fills).
   */
  public static List<JsonObject> fillDocuments(JsonObject order, String key, List<Fill> executions) {
    return fillDocuments(order, key, executions, null);
  }

  /**
   * {@link #fillDocuments(JsonObject, String, List)}, each marked with its {@code liquidity}
   * ({@value #MAKER} or {@value #TAKER}) when it is known.
   */
  public static List<JsonObject> fillDocuments(JsonObject order, String key, List<Fill> executions, String liquidity) {
    List<JsonObject> documents = new ArrayList<>();
    for (int i = 0; i < executions.size(); i++) {
      Fill f = executions.get(i);
      documents.add(new JsonObject().put("_id", key + ":" + i).put("clOrdId", order.getString("_id"))
          .put("agentId", order.getString("agentId")).put("symbol", order.getString("symbol"))
          .put("side", order.getString("side")).put("quantity", f.quantity().toPlainString())
          .put("price", f.price().toPlainString()).put("fee", f.fee().toPlainString()).put("at", f.at())
          .put("exchange", order.getString("exchange")).put("signalId", order.getString("signalId")));
      if (liquidity != null) {
        documents.get(i).put("liquidity", liquidity);
      }
      if (order.containsKey("exitReason")) {
        documents.get(i).put("exitReason", order.getString("exitReason"));
      }
      if (order.containsKey("swap")) {
        documents.get(i).put("swap", true);
      }
    }
    return documents;
  }

  /** Drives the order unless it is under way here already; then its outcome is awaited, on the caller's context. */
  private Future<JsonObject> drive(String id, Supplier<Future<JsonObject>> work) {
    Promise<JsonObject> outcome = Promise.promise();
    Future<JsonObject> underway = driving.putIfAbsent(id, outcome.future());
    if (underway != null) {
      Context context = Vertx.currentContext();
      return context == null ? underway : Future.fromCompletionStage(underway.toCompletionStage(), context);
    }
    work.get().onComplete(ar -> {
      driving.remove(id);
      outcome.handle(ar);
    });
    return outcome.future();
  }

  private Future<JsonObject> continued(JsonObject order) {
    if (order.getBoolean("settled", false)) {
      return Future.succeededFuture(order);
    }
    return reconcile(order); // NEW included: the placement may have left before the crash
  }

  private Future<JsonObject> send(JsonObject order) {
    return send(order, NOT_PLACED_RETRIES);
  }

  private Future<JsonObject> send(JsonObject order, int retries) {
    String id = order.getString("_id");
    Exchange exchange = exchanges.apply(order.getString("exchange"));
    OrderRequest request = OrderStorePort.request(order);
    long started = System.nanoTime();
    return exchange.place(request)
        .compose(result -> {
          placement.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          count(exchange.name(), result.outcome().name().toLowerCase());
          return switch (result.outcome()) {
            case ACCEPTED -> result.state().isPresent()
                ? adopt(order, result.state().get())
                : reconcile(order.put("exchangeOrderId", result.exchangeOrderId().orElse(null)));
            case DUPLICATE, UNKNOWN -> orders.set(id, new JsonObject().put("status", OrderStorePort.UNKNOWN)
                    .put("reason", result.code() + " " + result.message()))
                .compose(v -> reconcile(order));
            case NOT_PLACED -> notPlaced(order, result, retries);
            case REJECTED -> settle(order, new OrderState(id, null, OrderState.Status.REJECTED, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, List.of()), result.code() + " " + result.message());
          };
        });
  }

  /** Not placed: the intent stays NEW; tried again shortly, else the caller brings the ticket back later. */
  private Future<JsonObject> notPlaced(JsonObject order, PlaceResult result, int retries) {
    String reason = result.code() + " " + result.message();
    Future<Void> noted = orders.set(order.getString("_id"), new JsonObject().put("status", OrderStorePort.NEW)
        .put("reason", reason));
    if (retries <= 0) {
      return noted.compose(v -> Future.failedFuture("not placed yet: " + reason));
    }
    Duration delay = NOT_PLACED_DELAY.multipliedBy(NOT_PLACED_RETRIES - retries + 1);
    // The note's own outcome does not matter: the retry writes the order's state again.
    return noted.transform(v -> scheduler.after(delay)).compose(v -> send(order, retries - 1));
  }

  /** Looks the order up by client order id; adopts what the exchange says, or places it when unknown there. */
  private Future<JsonObject> reconcile(JsonObject order) {
    Exchange exchange = exchanges.apply(order.getString("exchange"));
    return lookup(exchange, order, LOOKUPS).compose(found -> {
      if (found.isEmpty()) {
        Optional<OrderState> unplaceable = unplaceable(order);
        if (unplaceable.isPresent()) {
          count(exchange.name(), "reconciled_unplaceable");
          return settle(order, unplaceable.get(), unplaceable.get().status() == OrderState.Status.EXPIRED
              ? "its signal expired before the venue received it: not placed"
              : "the venue no longer knows this order, which reconciliation adopted from it");
        }
        count(exchange.name(), "reconciled_absent");
        return send(order);
      }
      count(exchange.name(), "reconciled_found");
      return adopt(order, found.get());
    });
  }

  /**
   * Why an order the venue does not know must not be placed now: its signal expired (a crash
   * left its intent for longer than the signal lives: what was decided then is not decided now), or
   * it came from the venue (adopted by reconciliation; Mariposa never decided to place it).
   */
  private Optional<OrderState> unplaceable(JsonObject order) {
    String id = order.getString("_id");
    OrderState.Status status = order.getBoolean("adopted", false) ? OrderState.Status.CANCELED
        : order.containsKey("expiresAt") && clock.millis(order.getString("symbol")) > order.getLong("expiresAt")
            ? OrderState.Status.EXPIRED : null;
    return Optional.ofNullable(status).map(s -> new OrderState(id, null, s, BigDecimal.ZERO, BigDecimal.ZERO,
        BigDecimal.ZERO, List.of()));
  }

  /** A market order may show as live for a moment after it is accepted: look again, briefly (a resting one rests). */
  private Future<Optional<OrderState>> lookup(Exchange exchange, JsonObject order, int tries) {
    return exchange.lookup(order).compose(found -> {
      if (found.isPresent() && !found.get().status().isFinal() && tries > 1 && !rests(order)) {
        return scheduler.after(LOOKUP_DELAY).compose(v -> lookup(exchange, order, tries - 1));
      }
      return Future.succeededFuture(found);
    });
  }

  private Future<JsonObject> adopt(JsonObject order, OrderState state) {
    if (state.status().isFinal()) {
      return settle(order, state, "");
    }
    if (rests(order)) {
      return rest(order, state);
    }
    String id = order.getString("_id");
    return orders.set(id, fields(state, ""))
        .compose(v -> Future.failedFuture("order " + id + " is " + state.status() + " at the exchange"));
  }

  /** Whether the order is a limit or post-only order, which rests at the venue when it does not fill at once. */
  static boolean rests(JsonObject order) {
    return OrderStorePort.request(order).type().rests();
  }

  /**
   * A resting order is live at the venue: it is marked resting, its life cycle starts (its time to
   * live from now), and what filled already is recorded. Completes with the order, not settled: its
   * ticket is done, and {@link RestingOrderEngine} drives it from here.
   */
  private Future<JsonObject> rest(JsonObject order, OrderState state) {
    if (FillProgress.tracks(order)) {
      return progress.record(order, state, clock.millis(order.getString("symbol")), false);
    }
    long now = clock.millis(order.getString("symbol"));
    // Without a plan (a limit order stored before entries had one) it rests until the venue ends it, or a halt.
    long until = order.containsKey("plan") ? now + order.getJsonObject("plan").getLong("ttlMs") : Long.MAX_VALUE;
    JsonObject resting = new JsonObject().put("resting", true).put("status", state.status().name())
        .put("restUntil", until).put("reprices", 0).put("crossed", false).put("cancelRequested", false)
        .mergeIn(FillProgress.start());
    if (state.exchangeOrderId() != null) {
      resting.put("exchangeOrderId", state.exchangeOrderId());
    }
    return orders.set(order.getString("_id"), resting)
        .compose(v -> progress.record(order.copy().mergeIn(resting), state, now, true));
  }

  /** Records what the venue shows filled of a resting order since its last step (see {@link FillProgress}). */
  Future<JsonObject> recordFills(JsonObject order, OrderState state) {
    return progress.record(order, state, clock.millis(order.getString("symbol")), false);
  }

  /** Drives a resting order (its life cycle's step) unless it is driven here already. */
  Future<JsonObject> driveResting(String id, Supplier<Future<JsonObject>> work) {
    return drive(id, work);
  }

  /**
   * Settles a final order: its fills stored and applied to the account (once per order), then the
   * order marked settled and told. A resting order recorded its fills as they came: what is left is
   * recorded the same way, then it is marked settled.
   */
  Future<JsonObject> settle(JsonObject order, OrderState state, String reason) {
    if (FillProgress.tracks(order)) {
      return settleResting(order, state, reason);
    }
    String id = order.getString("_id");
    String agentId = order.getString("agentId");
    String symbol = order.getString("symbol");
    List<Fill> executions = executions(state, symbol);
    // Fills and account at once (each write is idempotent, the order is marked settled after both).
    // Settled without resting: a taker's fills (a limit order's are unknown: it may have rested before the look).
    String liquidity = rests(order) || executions.isEmpty() ? null : TAKER;
    Future<Void> stored = fills.saveAll(fillDocuments(order, id, executions, liquidity));
    Future<Account> applied = accounts.update(agentId, startingBalance.apply(agentId),
        account -> applyFills(account, id, order, executions));
    return Future.all(stored, applied)
        .compose(both -> orders.set(id, fields(state, reason).put("settled", true)).map(applied.result()))
        .map(account -> {
          JsonObject settled = order.copy().mergeIn(fields(state, reason)).put("settled", true);
          TradeEvent event = tradeEvent(liquidity == null ? settled : settled.copy().put("fillLiquidity", liquidity),
              executions, account, symbol);
          events.publish(agentId, event);
          return settled;
        });
  }

  private Future<JsonObject> settleResting(JsonObject order, OrderState state, String reason) {
    String id = order.getString("_id");
    String agentId = order.getString("agentId");
    String symbol = order.getString("symbol");
    // A cancel Mariposa asked for because the order's time ran out ends it EXPIRED, not CANCELED.
    OrderState.Status status = state.status() == OrderState.Status.CANCELED
        && order.getString("cancelReason", "").startsWith(RestingOrderEngine.EXPIRED_PREFIX)
        ? OrderState.Status.EXPIRED : state.status();
    String why = reason.isEmpty() ? order.getString("cancelReason", "") : reason;
    return progress.record(order, state, clock.millis(symbol), false).compose(recorded -> {
      JsonObject done = new JsonObject().put("status", status.name()).put("settled", true).put("resting", false);
      if (!why.isEmpty()) {
        done.put("reason", why);
      }
      Future<Account> account = accounts.update(agentId, startingBalance.apply(agentId), a -> a);
      return Future.all(orders.set(id, done), account).map(v -> {
        JsonObject settled = recorded.copy().mergeIn(done);
        events.publish(agentId, tradeEvent(settled, List.of(), account.result(), symbol));
        return settled;
      });
    });
  }

  /** The body of {@code trade.<agentId>} (docs/events): the order, its fills, the position after them, the cash. */
  private static TradeEvent tradeEvent(JsonObject settled, List<Fill> executions, Account account, String symbol) {
    return TradeEvent.of(OrderStorePort.wire(settled), executions,
        Optional.ofNullable(account.positions().get(symbol)).map(Account.Position::toWire).orElse(null), account.cash());
  }

  /** The fills of a final state; an exchange that reports only totals gives one fill of them. */
  private List<Fill> executions(OrderState state, String symbol) {
    if (!state.fills().isEmpty()) {
      return state.fills();
    }
    if (state.filledQuantity().signum() > 0) {
      return List.of(new Fill(state.filledQuantity(), state.averagePrice(), state.fee(), clock.millis(symbol)));
    }
    return List.of();
  }

  private static JsonObject fields(OrderState state, String reason) {
    JsonObject fields = new JsonObject().put("status", state.status().name())
        .put("filledQuantity", state.filledQuantity().toPlainString())
        .put("averagePrice", state.averagePrice().toPlainString()).put("fee", state.fee().toPlainString());
    if (state.exchangeOrderId() != null) {
      fields.put("exchangeOrderId", state.exchangeOrderId());
    }
    if (!reason.isEmpty()) {
      fields.put("reason", reason);
    }
    return fields;
  }

  private void count(String exchange, String outcome) {
    Counter.builder("mariposa.orders").tag("exchange", exchange).tag("outcome", outcome)
        .description("Order placements and reconciliations by outcome").register(meters).increment();
  }
}
