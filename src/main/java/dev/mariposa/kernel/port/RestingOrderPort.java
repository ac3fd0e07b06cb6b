package dev.mariposa.kernel.port;

import dev.mariposa.events.Ticker;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/** What a resting order's life cycle asks of the world outside its order: prices to chase on, and whether to stop. */
public interface RestingOrderPort {
  /**
   * The symbol's quote now when it is live enough to decide on: no older than {@code maxAge}, and
   * for a real-money order ({@code realMoney}) live from the venue's feed; empty otherwise (the
   * order is then not chased nor crossed, only left to expire).
   */
  Future<Optional<Ticker>> liveQuote(String symbol, Duration maxAge, boolean realMoney);

  /**
   * The imbalance of the symbol's book now over its top levels (-1 all asks, +1 all bids, as
   * {@code BookFeatures} reads it), empty when there is no book.
   */
  Future<Optional<Double>> bookImbalance(String symbol);

  /**
   * Why the agent's resting entries must be cancelled now (trading halted, the agent disabled or
   * deleted), or empty when they may rest.
   */
  Future<Optional<String>> cancelReason(String agentId);
}
