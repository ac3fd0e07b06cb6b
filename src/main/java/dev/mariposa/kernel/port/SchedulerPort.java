package dev.mariposa.kernel.port;

import io.vertx.core.Future;
import java.time.Duration;

/** Waits before trying again (a placement refused for load, a lookup of an order still live). */
@FunctionalInterface
public interface SchedulerPort {
  /** Completes after {@code delay}, on the caller's context when there is one. */
  Future<Void> after(Duration delay);
}
