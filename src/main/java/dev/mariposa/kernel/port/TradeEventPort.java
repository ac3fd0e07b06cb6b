package dev.mariposa.kernel.port;

import dev.mariposa.events.TradeEvent;

/**
 * Where a settled order is told: live, {@code trade.<agentId>} on the event bus with this body
 * (docs/events); in a backtest, a list.
 */
@FunctionalInterface
public interface TradeEventPort {
  void publish(String agentId, TradeEvent event);
}
