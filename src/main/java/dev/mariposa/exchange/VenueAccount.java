package dev.mariposa.exchange;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a venue says of the whole trading account, beyond one order: the orders it holds open, the
 * fills it reports and the balances (cancelling and amending are {@link Exchange}'s). Reconciliation
 * compares these with what MongoDB holds. Like {@link Exchange}, a failed future means the venue
 * could not be asked or its answer could not be read; nothing is guessed.
 */
public interface VenueAccount extends Exchange {
  /** Every order the venue holds open (live or partially filled), all spot instruments. */
  Future<List<VenueOrder>> openOrders();

  /** The fills the venue reports at or after {@code sinceMillis}, oldest first. */
  Future<List<VenueFill>> fillsSince(long sinceMillis);

  /** Each asset's total balance (available and frozen in orders), by asset name ({@code BTC}). */
  Future<Map<String, BigDecimal>> balances();

  /** The perpetual swap positions the venue holds (none where it trades no swaps). */
  default Future<List<VenuePosition>> swapPositions() {
    return Future.succeededFuture(List.of());
  }

  /** The funding payments of swap positions the venue booked at or after {@code sinceMillis} (none where it trades no swaps). */
  default Future<List<FundingBill>> fundingBills(long sinceMillis) {
    return Future.succeededFuture(List.of());
  }

  /** The base asset of a Mariposa symbol on this venue ({@code BTCUSDT} → {@code BTC}). */
  String baseAsset(String symbol);

  /**
   * Runs {@code action} each time the trading connection comes back after an outage (its circuit
   * breaker closes again): what happened at the venue meanwhile is unknown until reconciled.
   */
  default void onReconnected(Runnable action) {}
}
