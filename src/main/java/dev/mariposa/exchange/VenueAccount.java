package dev.mariposa.exchange;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a venue says of the whole trading account, beyond one order: the orders it holds open, the
 * fills it reports, the balances, and cancelling or amending by client order id. Reconciliation
 * compares these with what MongoDB holds. Like {@link Exchange}, a failed future means the venue
 * could not be asked or its answer could not be read; nothing is guessed.
 */
public interface VenueAccount {
  /** Every order the venue holds open (live or partially filled), all spot instruments. */
  Future<List<VenueOrder>> openOrders();

  /** The fills the venue reports at or after {@code sinceMillis}, oldest first. */
  Future<List<VenueFill>> fillsSince(long sinceMillis);

  /** Each asset's total balance (available and frozen in orders), by asset name ({@code BTC}). */
  Future<Map<String, BigDecimal>> balances();

  /** Cancels the order with this client order id; see {@link CancelResult} for the outcomes. */
  Future<CancelResult> cancel(String symbol, String clOrdId);

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

  /** The base asset of a Mariposa symbol on this venue ({@code BTCUSDT} → {@code BTC}). */
  String baseAsset(String symbol);

  /**
   * Runs {@code action} each time the trading connection comes back after an outage (its circuit
   * breaker closes again): what happened at the venue meanwhile is unknown until reconciled.
   */
  default void onReconnected(Runnable action) {}
}
