package dev.mariposa.backtest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The mid some time after each fill on recorded quotes, looked up as the replay's clock passes it:
 * the mid at a time is the one of the last quote at or before it, so a fill's horizon is measured
 * with the mid in force when the first quote after it arrives, or at the end of the symbol's data
 * if that reaches it. A horizon past the symbol's data is never measured.
 */
final class Markouts {
  /** Told the mid {@code horizon} after the fill it was registered for. */
  interface Listener {
    void measured(Duration horizon, BigDecimal midThen);
  }

  private record Due(long at, long sequence, Duration horizon, Listener listener) {}

  private final Map<String, PriorityQueue<Due>> bySymbol = new HashMap<>();
  private long sequence;

  /** Measures the mid of {@code symbol} each of {@code horizons} after {@code at}. */
  void watch(String symbol, long at, Iterable<Duration> horizons, Listener listener) {
    PriorityQueue<Due> due = bySymbol.computeIfAbsent(symbol,
        s -> new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingLong(Due::sequence)));
    for (Duration horizon : horizons) {
      due.add(new Due(at + horizon.toMillis(), sequence++, horizon, listener));
    }
  }

  /** Whether a markout of {@code symbol} is waiting for its mid: only then is the mid before a quote worth working out. */
  boolean watching(String symbol) {
    PriorityQueue<Due> due = bySymbol.get(symbol);
    return due != null && !due.isEmpty();
  }

  /** A quote of {@code symbol} at {@code now} replaces {@code midBefore}: what was due before now saw that mid. */
  void quote(String symbol, long now, BigDecimal midBefore) {
    settle(symbol, now - 1, midBefore);
  }

  /** The data ended: what fell due by each symbol's last event ({@code lastEvent}) saw its last mid ({@code mid}). */
  void end(Function<String, Long> lastEvent, Function<String, BigDecimal> mid) {
    bySymbol.keySet().forEach(symbol -> settle(symbol, lastEvent.apply(symbol), mid.apply(symbol)));
  }

  private void settle(String symbol, long upTo, BigDecimal mid) {
    PriorityQueue<Due> due = bySymbol.get(symbol);
    while (due != null && !due.isEmpty() && due.peek().at() <= upTo) {
      Due next = due.poll();
      next.listener().measured(next.horizon(), mid);
    }
  }
}
