package dev.mariposa.analysis.orderflow;

import dev.mariposa.config.MariposaConfig;
import java.time.Duration;

/**
 * The order-flow features' windows and the {@code orderflow} model's thresholds
 * ({@code analysis.orderFlow.*}; docs/CONFIGURATION.md):
 * <ul>
 *   <li>{@code depth} (5): book levels a side summed in the imbalance;</li>
 *   <li>{@code tradeWindow} (10 s): the trades of the trade-flow imbalance;</li>
 *   <li>{@code volatilityWindow} (30 s): the mid's log-returns whose deviation is the volatility;</li>
 *   <li>{@code decisionInterval} (1 s): at most one decision per symbol per slot this long of
 *   event time;</li>
 *   <li>{@code threshold} (0.35): the score (-1 to +1) at which the model buys or sells;</li>
 *   <li>{@code maxSpreadBps} (15): above it the model holds (crossing the spread would eat the edge);</li>
 *   <li>{@code maxVolatilityBps} (5): above it (the deviation of the mid's returns between book
 *   updates, in basis points) the model holds (the book says little when the price jumps);</li>
 *   <li>{@code minTrades} (3): fewer trades in the window and the trade flow does not vote.</li>
 * </ul>
 */
public record OrderFlowParams(int depth, Duration tradeWindow, Duration volatilityWindow, Duration decisionInterval,
                              double threshold, double maxSpreadBps, double maxVolatilityBps, int minTrades) {
  public OrderFlowParams {
    if (depth < 1 || tradeWindow.toMillis() < 1 || volatilityWindow.toMillis() < 1 || decisionInterval.toMillis() < 1
        || !(threshold > 0 && threshold <= 1) || !(maxSpreadBps > 0) || !(maxVolatilityBps > 0) || minTrades < 0) {
      throw new IllegalArgumentException("order-flow parameters out of range: " + depth + ", " + tradeWindow + ", "
          + volatilityWindow + ", " + decisionInterval + ", " + threshold + ", " + maxSpreadBps + ", " + maxVolatilityBps
          + ", " + minTrades);
    }
  }

  /** The shipped defaults (conf/config.json's, which {@code OrderFlowParamsTest} keeps equal). */
  public static OrderFlowParams defaults() {
    return new OrderFlowParams(5, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1), 0.35, 15, 5, 3);
  }

  public static OrderFlowParams of(MariposaConfig.OrderFlow configured) {
    return new OrderFlowParams(configured.depth(), configured.tradeWindow(), configured.volatilityWindow(),
        configured.decisionInterval(), configured.threshold(), configured.maxSpreadBps(), configured.maxVolatilityBps(),
        configured.minTrades());
  }
}
