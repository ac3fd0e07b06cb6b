package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.kernel.port.AccountStorePort;
import dev.mariposa.kernel.port.FillStorePort;
import dev.mariposa.kernel.port.OrderStorePort;
import dev.mariposa.kernel.port.TradeEventPort;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The fills of a resting order, recorded and applied to the account as they come, each exactly
 * once, while the order still rests: a stop-loss watches a partly filled entry from its first fill.
 * What the venue reports (its fills, or only its totals, as OKX's lookup does) is compared with
 * what the order has recorded ({@code progress*} fields); what is new becomes the order's next
 * step {@code progressSeq + 1}, claimed first on the order ({@link OrderStorePort#transition}: two
 * drivers never both claim it), with its fills stored beside it ({@code pendingFills}); then the
 * fills are stored ({@code <clOrdId>:p<seq>:<n>}), applied to the account under
 * {@code <clOrdId>@<seq>} (once), told, and the step marked applied. A crash after the claim leaves
 * the step to be applied by the next driver, from what was claimed, never recomputed.
 */
final class FillProgress {
  private static final MathContext MC = MathContext.DECIMAL64;

  private final OrderStorePort orders;
  private final FillStorePort fills;
  private final AccountStorePort accounts;
  private final Function<String, BigDecimal> startingBalance;
  private final TradeEventPort events;

  FillProgress(ExecutionEngine.Stores stores, Function<String, BigDecimal> startingBalance, TradeEventPort events) {
    this.orders = stores.orders();
    this.fills = stores.fills();
    this.accounts = stores.accounts();
    this.startingBalance = startingBalance;
    this.events = events;
  }

  /** The fields an order starts resting with: nothing recorded yet. */
  static JsonObject start() {
    return new JsonObject().put("progressSeq", 0).put("progressFills", 0).put("progressQuantity", "0")
        .put("progressNotional", "0").put("progressFee", "0").put("pendingApplied", true);
  }

  /** Whether the order records its fills step by step (it rested). */
  static boolean tracks(JsonObject order) {
    return order.containsKey("progressSeq");
  }

  /**
   * Records what {@code state} shows beyond what the order has: completes with the order as it
   * stands after (reloaded when another driver claimed the step first). {@code atPlacement}: the
   * venue's answer to the placement, whose fills took from the book; any later fill is a maker's,
   * but for an order crossed on expiry (counted a taker's: it was moved to take).
   */
  Future<JsonObject> record(JsonObject order, OrderState state, long now, boolean atPlacement) {
    return finish(order).compose(finished -> {
      List<Fill> fresh = fresh(finished, state, now);
      if (fresh.isEmpty()) {
        return Future.succeededFuture(finished);
      }
      int seq = finished.getInteger("progressSeq") + 1;
      BigDecimal quantity = decimal(finished, "progressQuantity");
      BigDecimal notional = decimal(finished, "progressNotional");
      BigDecimal fee = decimal(finished, "progressFee");
      for (Fill f : fresh) {
        quantity = quantity.add(f.quantity(), MC);
        notional = notional.add(f.quantity().multiply(f.price(), MC), MC);
        fee = fee.add(f.fee(), MC);
      }
      JsonObject claimed = new JsonObject().put("progressSeq", seq)
          .put("progressFills", finished.getInteger("progressFills") + (state.fills().isEmpty() ? 0 : fresh.size()))
          .put("progressQuantity", quantity.toPlainString()).put("progressNotional", notional.toPlainString())
          .put("progressFee", fee.toPlainString()).put("pendingFills", stored(fresh)).put("pendingApplied", false)
          .put("status", state.status().isFinal() ? OrderState.Status.PARTIALLY_FILLED.name() : state.status().name())
          .put("filledQuantity", quantity.stripTrailingZeros().toPlainString())
          .put("averagePrice", notional.divide(quantity, MC).stripTrailingZeros().toPlainString())
          .put("fee", fee.stripTrailingZeros().toPlainString())
          .put("pendingLiquidity", atPlacement || finished.getBoolean("crossed", false)
              ? ExecutionEngine.TAKER : ExecutionEngine.MAKER);
      String id = finished.getString("_id");
      return orders.transition(id, new JsonObject().put("progressSeq", seq - 1), claimed)
          .compose(won -> won ? finish(finished.copy().mergeIn(claimed)) : reloaded(id).compose(this::finish));
    });
  }

  /** The claimed step not applied yet, applied: fills stored, the account updated once, the fills told. */
  private Future<JsonObject> finish(JsonObject order) {
    if (order.getBoolean("pendingApplied", true)) {
      return Future.succeededFuture(order);
    }
    String id = order.getString("_id");
    String agentId = order.getString("agentId");
    String symbol = order.getString("symbol");
    int seq = order.getInteger("progressSeq");
    List<Fill> pending = fillsOf(order.getJsonArray("pendingFills", new JsonArray()));
    String liquidity = order.getString("pendingLiquidity");
    Future<Void> stored = fills.saveAll(ExecutionEngine.fillDocuments(order, id + ":p" + seq, pending, liquidity));
    Future<Account> applied = accounts.update(agentId, startingBalance.apply(agentId),
        account -> ExecutionEngine.applyFills(account, id + "@" + seq, order, pending));
    JsonObject done = new JsonObject().put("pendingApplied", true);
    return Future.all(stored, applied)
        .compose(both -> orders.transition(id, new JsonObject().put("progressSeq", seq), done))
        .map(v -> {
          Account account = applied.result();
          events.publish(agentId, TradeEvent.of(OrderStorePort.wire(order).put("fillLiquidity", liquidity), pending,
              Optional.ofNullable(account.positions().get(symbol)).map(Account.Position::toWire).orElse(null),
              account.cash()));
          return order.copy().mergeIn(done);
        });
  }

  /**
   * What {@code state} shows that the order has not recorded: the fills past those recorded when
   * the venue lists them, else one fill of the difference of the totals (its price the one that
   * makes the totals add up), stamped {@code now}.
   */
  private static List<Fill> fresh(JsonObject order, OrderState state, long now) {
    if (!state.fills().isEmpty()) {
      int recorded = order.getInteger("progressFills");
      return recorded >= state.fills().size() ? List.of() : state.fills().subList(recorded, state.fills().size());
    }
    BigDecimal quantity = decimal(order, "progressQuantity");
    BigDecimal more = state.filledQuantity().subtract(quantity, MC);
    if (more.signum() <= 0) {
      return List.of();
    }
    BigDecimal notional = state.filledQuantity().multiply(state.averagePrice(), MC)
        .subtract(decimal(order, "progressNotional"), MC);
    BigDecimal fee = state.fee().subtract(decimal(order, "progressFee"), MC).max(BigDecimal.ZERO);
    return List.of(new Fill(more, notional.divide(more, MC).stripTrailingZeros(), fee, now));
  }

  private Future<JsonObject> reloaded(String id) {
    return orders.get(id).map(found -> found.orElseThrow(() -> new IllegalStateException("order " + id + " vanished")));
  }

  private static BigDecimal decimal(JsonObject order, String field) {
    return new BigDecimal(order.getString(field, "0"));
  }

  private static JsonArray stored(List<Fill> fills) {
    return new JsonArray(fills.stream().map(f -> new JsonObject().put("quantity", f.quantity().toPlainString())
        .put("price", f.price().toPlainString()).put("fee", f.fee().toPlainString()).put("at", f.at())).toList());
  }

  private static List<Fill> fillsOf(JsonArray stored) {
    return stored.stream().map(JsonObject.class::cast).map(f -> new Fill(new BigDecimal(f.getString("quantity")),
        new BigDecimal(f.getString("price")), new BigDecimal(f.getString("fee")), f.getLong("at"))).toList();
  }
}
