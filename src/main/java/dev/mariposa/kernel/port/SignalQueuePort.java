package dev.mariposa.kernel.port;

import dev.mariposa.signal.Signal;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * The priority queue of signals: higher priority first, first in first out within one (the order
 * of {@link Signal#score()}, then of the ids), each (agent, symbol, bar) accepted once
 * ({@link Signal#dedupKey()}) for a day.
 */
public interface SignalQueuePort {
  /** How long a (agent, symbol, bar) is remembered once queued. */
  Duration DEDUP_TTL = Duration.ofDays(1);

  /** A taken signal, and how many times it has been taken (1 the first time). */
  record Taken(Signal signal, int attempt) {}

  /** True when queued, false when this (agent, symbol, bar) was queued before (a duplicate). */
  Future<Boolean> offer(Signal signal);

  /** The best signal, held for {@code visibility} until acknowledged; empty when the queue is empty. */
  Future<Optional<Taken>> take(Duration visibility);

  /** The signal {@code id} is done with (sent on, rejected or dropped). */
  Future<Void> ack(String id);

  /** Forgets that this signal was queued: the same (agent, symbol, bar) may be offered again. */
  Future<Void> forget(Signal signal);
}
