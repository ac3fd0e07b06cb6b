package dev.mariposa.kernel.port;

import dev.mariposa.agent.Agent;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * An agent's order rate: at most {@code maxOrdersPerMinute} orders a minute, as many at once (the
 * GCRA of {@code lua/gcra.lua}, burst equal to the rate), decided at the caller's time.
 */
public interface OrderRatePort {
  /** A token taken, or none and how long until the next one. */
  record Permit(boolean allowed, Duration retryAfter) {
    public static Permit granted() {
      return new Permit(true, Duration.ZERO);
    }

    public static Permit refused(Duration retryAfter) {
      return new Permit(false, retryAfter);
    }
  }

  /** Takes one token from the agent's order rate at {@code now} (ms since the epoch). */
  Future<Permit> acquire(Agent agent, long now);
}
