package dev.mariposa.kernel.memory;

import dev.mariposa.kernel.port.SchedulerPort;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Waits no time: what comes after a delay runs at once, on the caller's thread. A backtest is a
 * sequence of events on simulated time in which nothing changes between two of them, so a retry
 * a moment later would meet the same world (the in-memory exchange answers every placement and
 * lookup with its final state); running it at once keeps the run on one thread and its futures
 * completed. The engine's retries are bounded, so nothing loops.
 */
public final class ImmediateScheduler implements SchedulerPort {
  @Override
  public Future<Void> after(Duration delay) {
    return Future.succeededFuture();
  }
}
