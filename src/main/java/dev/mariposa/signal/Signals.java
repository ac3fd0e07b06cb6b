package dev.mariposa.signal;

import dev.mariposa.analysis.model.Ensemble;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.events.AnalysisResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How signals are made: from an analysis result, from a request, from an exit. Each lives
 * {@code ttl} (trade.signalTtlMs): a scalping signal is worth little once the price it was made on
 * has moved; exits live twice as long.
 */
public final class Signals {
  private Signals() {}

  /**
   * The signal of an analysis result: BUY or SELL (the ensemble already applied the agent's
   * thresholds), none for HOLD. Priority grows with confidence (0–50). One per (agent, symbol, bar).
   */
  public static Optional<Signal> fromAnalysis(AnalysisResult result, long now, Duration ttl) {
    if (!result.actionable()) {
      return Optional.empty();
    }
    return Optional.of(analysis(result.agentId(), result.symbol(), result.barOpenTime(), Signal.Action.valueOf(result.action()),
        result.confidence(), result.price(), result.reasons(), now, ttl));
  }

  /**
   * The signal of an agent's BUY or SELL verdict on {@code input}, as {@link #fromAnalysis} makes it
   * of the published result (a backtest publishes none); empty for a HOLD.
   */
  public static Optional<Signal> fromVerdict(String agentId, ModelInput input, Ensemble.Verdict verdict, long now,
                                             Duration ttl) {
    if (verdict.action() == dev.mariposa.analysis.model.Action.HOLD) {
      return Optional.empty();
    }
    return Optional.of(analysis(agentId, input.symbol(), input.barOpenTime(), Signal.Action.valueOf(verdict.action().name()),
        verdict.confidence(), input.price(), verdict.reasons(), now, ttl));
  }

  private static Signal analysis(String agentId, String symbol, long bar, Signal.Action action, double confidence,
                                 double price, List<String> reasons, long now, Duration ttl) {
    return new Signal(agentId + ":" + symbol + ":" + bar + ":" + action.name().toLowerCase(Locale.ROOT), agentId, symbol,
        action, confidence, (int) Math.round(confidence * 50), price, bar, Signal.Source.ANALYSIS, now, now + ttl.toMillis(),
        reasons);
  }

  /** A signal asked for through the API, now. */
  public static Signal requested(String agentId, String symbol, Signal.Action action, double confidence, double price,
                                 String requestId, long now, Duration ttl) {
    return new Signal(agentId + ":" + symbol + ":api:" + requestId, agentId, symbol, action, confidence,
        Signal.API_PRIORITY, price, now, Signal.Source.API, now, now + ttl.toMillis(), List.of("requested through the API"));
  }

  /** A stop-loss, take-profit or trailing-stop exit of the position opened at {@code openedAt}. */
  public static Signal exit(String agentId, String symbol, long openedAt, double price, String reason, long now,
                            Duration ttl) {
    return new Signal(agentId + ":" + symbol + ":exit:" + openedAt, agentId, symbol, Signal.Action.CLOSE, 1.0,
        Signal.EXIT_PRIORITY, price, openedAt, Signal.Source.EXIT, now, now + 2 * ttl.toMillis(), List.of(reason));
  }
}
