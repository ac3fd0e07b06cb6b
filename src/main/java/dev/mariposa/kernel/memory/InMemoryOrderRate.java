package dev.mariposa.kernel.memory;

import dev.mariposa.agent.Agent;
import dev.mariposa.kernel.port.OrderRatePort;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The agents' order rates in memory: the GCRA of {@code lua/gcra.lua} for one key per agent, cost
 * one, burst equal to the rate, in the script's integer µs (the emission interval rounded up, the
 * wait exact). An idle agent's TAT stays behind {@code now} and counts as {@code now}, as the
 * script's expired key does.
 */
public final class InMemoryOrderRate implements OrderRatePort {
  private static final long MINUTE_MICROS = Duration.ofMinutes(1).toNanos() / 1_000;

  private final Map<String, Long> tats = new HashMap<>();

  @Override
  public Future<Permit> acquire(Agent agent, long now) {
    int rate = agent.risk().maxOrdersPerMinute();
    long interval = -Math.floorDiv(-MINUTE_MICROS, rate);
    long nowMicros = now * 1_000;
    long tat = Math.max(tats.getOrDefault(agent.id(), nowMicros), nowMicros);
    long next = tat + interval;
    long slack = interval * rate - (next - nowMicros);
    if (slack < 0) {
      return Future.succeededFuture(Permit.refused(Duration.of(-slack, ChronoUnit.MICROS)));
    }
    tats.put(agent.id(), next);
    return Future.succeededFuture(Permit.granted());
  }
}
