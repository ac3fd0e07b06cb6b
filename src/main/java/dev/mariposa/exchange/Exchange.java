package dev.mariposa.exchange;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A place to trade: the paper exchange or OKX. The adapter decides what a venue's answer means
 * for the caller ({@link PlaceResult.Outcome}), so that no code outside it knows a venue's codes.
 * Implementations never fail a future for an exchange's answer (rejections are results); a failed
 * future means the exchange could not be asked at all (no request left this process), which is
 * always safe to retry.
 */
public interface Exchange {
  String name();

  /**
   * Whether an order here spends real money: OKX without demo trading. Such orders go out only
   * on live venue prices (the risk gate's {@code market_live} check, and exits wait for them).
   */
  default boolean realMoney() {
    return false;
  }

  /** Places an order; see {@link PlaceResult} for what each outcome obliges the caller to do. */
  Future<PlaceResult> place(OrderRequest request);

  /** The order with this client order id; empty when the exchange does not know it. */
  Future<Optional<OrderState>> lookup(String symbol, String clOrdId);

  /** The symbol's minimums. */
  Future<Instrument> instrument(String symbol);

  /**
   * Cancels the order with this client order id; see {@link CancelResult} for the outcomes. Safe to
   * send again: a cancel is idempotent by client order id.
   */
  Future<CancelResult> cancel(String symbol, String clOrdId);

  /**
   * The instrument of the symbol's USDT-margined perpetual swap (BTCUSDT: BTC-USDT-SWAP), in the
   * base asset, with its maximum leverage and maintenance margin rate. A venue without swaps fails.
   */
  default Future<Instrument> swapInstrumentFor(String symbol) {
    return Future.failedFuture(new UnsupportedOperationException(name() + " trades no perpetual swaps"));
  }

  /** As {@link #lookup}, for an order on the symbol's swap. */
  default Future<Optional<OrderState>> lookupSwap(String symbol, String clOrdId) {
    return Future.failedFuture(new UnsupportedOperationException(name() + " trades no perpetual swaps"));
  }

  /** As {@link #cancel}, for an order on the symbol's swap. */
  default Future<CancelResult> cancelSwap(String symbol, String clOrdId) {
    return Future.failedFuture(new UnsupportedOperationException(name() + " trades no perpetual swaps: nothing sent"));
  }

  /** The stored order's lookup, on its swap when it has swap terms (see OrderStorePort). */
  default Future<Optional<OrderState>> lookup(JsonObject order) {
    return order.containsKey("swap") ? lookupSwap(order.getString("symbol"), order.getString("_id"))
        : lookup(order.getString("symbol"), order.getString("_id"));
  }

  /** The stored order's cancel, on its swap when it has swap terms. */
  default Future<CancelResult> cancel(JsonObject order) {
    return order.containsKey("swap") ? cancelSwap(order.getString("symbol"), order.getString("_id"))
        : cancel(order.getString("symbol"), order.getString("_id"));
  }

  /**
   * Amends the resting order with this client order id: its new total size (fills included), its
   * new price, or both; see {@link AmendResult} for the outcomes. {@code requestId} (1 to 32
   * letters and digits) names this amend: a retry carries the same id and the same values. A
   * venue that cannot amend fails the future, nothing sent.
   */
  default Future<AmendResult> amend(String symbol, String clOrdId, String requestId, Optional<BigDecimal> newQuantity,
                                    Optional<BigDecimal> newPrice) {
    return Future.failedFuture(new UnsupportedOperationException("this venue does not amend orders: nothing sent"));
  }
}
