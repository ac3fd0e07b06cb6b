package dev.mariposa.kernel;

import dev.mariposa.agent.Execution;
import dev.mariposa.events.Ticker;
import dev.mariposa.signal.RestingPlan;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a resting buy entry does when its time at one price is up, pure. Each time to live ends
 * with one of: rest again at the price its rule gives on the book now (moved there when the market
 * went up, while it may still chase: fewer than {@code maxReprices} reprices so far and the price
 * no higher than the slippage bound over the first mid); else, on expiry, cross (a limit entry
 * with {@code onExpiry} cross, once: moved to the slippage bound, taking what is there, for one last
 * time to live) or be cancelled. Without a live quote nothing is chased or crossed: it is cancelled.
 */
final class RestingPolicy {
  private RestingPolicy() {}

  /** What to do with the order. */
  sealed interface Decision permits Wait, Reprice, Cross, Cancel {}

  /** Its time at this price is not up. */
  record Wait() implements Decision {}

  /** Rest for another time to live at {@code price} (the order's own price when the market did not move up). */
  record Reprice(BigDecimal price) implements Decision {}

  /** Move to {@code price}, the slippage bound, taking what is there. */
  record Cross(BigDecimal price) implements Decision {}

  record Cancel(String reason) implements Decision {}

  /** The order's state as the policy needs it. */
  record Resting(RestingPlan plan, BigDecimal price, int reprices, boolean crossed, long restUntil) {}

  static Decision decide(Resting order, Optional<Ticker> quote, BigDecimal tick, long now) {
    if (now < order.restUntil()) {
      return new Wait();
    }
    Execution execution = order.plan().execution();
    String expired = RestingOrderEngine.EXPIRED_PREFIX + " after " + (order.reprices() + 1) + " × "
        + execution.ttl().toMillis() + " ms";
    if (order.crossed()) {
      return new Cancel(expired + ", the last at the crossing price " + order.price().toPlainString());
    }
    if (quote.isEmpty()) {
      return new Cancel(expired + ", no live quote to chase on");
    }
    Ticker q = quote.get();
    BigDecimal bound = execution.slippageBound(order.plan().referencePrice(), tick);
    BigDecimal target = execution.restingBuyPrice(q.bid(), q.ask(), q.mid(), tick).max(order.price());
    if (order.reprices() < execution.maxReprices() && target.compareTo(bound) <= 0) {
      return new Reprice(target);
    }
    if (execution.onExpiry() == Execution.OnExpiry.CROSS) {
      return new Cross(bound);
    }
    return new Cancel(expired + (target.compareTo(bound) > 0
        ? ", the market moved past the " + execution.maxSlippageBps() + " bps it may chase" : ""));
  }
}
