package dev.mariposa.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worst recent event-loop lag across the probes ({@link EventLoopLagProbe}, one per event
 * loop): how late a timer fired. A loop that is late is a loop someone is blocking.
 */
public final class EventLoopLag {
  private final Map<String, Long> lagByLoop = new ConcurrentHashMap<>();

  public EventLoopLag(MeterRegistry registry) {
    Gauge.builder("mariposa.eventloop.lag", this, EventLoopLag::maxMillis).baseUnit("milliseconds")
        .description("Largest recent delay of a timer on any event loop").register(registry);
  }

  void record(String loop, long lagMillis) {
    lagByLoop.put(loop, lagMillis);
  }

  public long maxMillis() {
    return lagByLoop.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
