package dev.mariposa.signal;

import dev.mariposa.kernel.port.SignalQueuePort;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The priority queue of signals in Redis, shared by every instance with the signal role: a sorted
 * set scored by priority then time (higher priority first, first in first out within one), each
 * signal accepted once per (agent, symbol, bar). Taking moves a signal to a processing set with a
 * deadline on the Redis clock; one that is not acknowledged by then (its consumer died) is put
 * back by {@link #requeueLate}. A taken signal that must wait ({@link #postpone}) leaves processing
 * for a postponed set and is put back in pending, with its own score, by the first take after its
 * wait: it keeps its place, and no consumer spins on it meanwhile. All keys share the {signals}
 * hash tag: one slot, one script.
 */
public final class SignalQueue implements SignalQueuePort {
  private final RedisConnections redis;
  private final LuaScripts scripts;
  private final RedisKeys keys;
  private final String pending;
  private final String processing;
  private final String items;
  private final String attempts;
  private final String postponed;

  public SignalQueue(RedisConnections redis, LuaScripts scripts, RedisKeys keys) {
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    String tag = RedisKeys.tag("signals");
    this.pending = keys.key("queue:", tag, "pending");
    this.processing = keys.key("queue:", tag, "processing");
    this.items = keys.key("queue:", tag, "items");
    this.attempts = keys.key("queue:", tag, "attempts");
    this.postponed = keys.key("queue:", tag, "postponed");
  }

  @Override
  public Future<Boolean> offer(Signal signal) {
    return enqueue(signal, List.of());
  }

  /**
   * Claims the signal's dedup key for it, as queueing it would, without queueing it: the caller
   * decides it itself. False when it was queued or claimed before (by anyone). The claim lapses
   * after {@code ttl} unless {@link #keep kept} or queued: a caller that dies with it does not keep
   * the signal from being offered again.
   */
  public Future<Boolean> claim(Signal signal, Duration ttl) {
    return redis.send(Request.cmd(Command.SET).arg(dedup(signal)).arg(signal.id()).arg("NX").arg("PX")
        .arg(ttl.toMillis())).map(r -> r != null);
  }

  /** A claimed signal is decided: it stays seen as a queued one does ({@link #DEDUP_TTL}), unless forgotten. */
  public Future<Void> keep(Signal signal) {
    return redis.send(Request.cmd(Command.PEXPIRE).arg(dedup(signal)).arg(DEDUP_TTL.toMillis())).mapEmpty();
  }

  /** Queues a signal {@link #claim claimed} before by its caller; false when the claim no longer holds. */
  public Future<Boolean> offerClaimed(Signal signal) {
    return enqueue(signal, List.of("claimed"));
  }

  private Future<Boolean> enqueue(Signal signal, List<String> mode) {
    List<String> args = new ArrayList<>(List.of(signal.id(), signal.toJson().encode(),
        Long.toString(signal.score()), Long.toString(DEDUP_TTL.toMillis())));
    args.addAll(mode);
    return scripts.get("signal-enqueue").run(redis, List.of(pending, items, dedup(signal)), args)
        .map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<Void> forget(Signal signal) {
    return redis.send(Request.cmd(Command.DEL).arg(dedup(signal))).mapEmpty();
  }

  @Override
  public Future<Optional<Taken>> take(Duration visibility) {
    return scripts.get("signal-take").run(redis, List.of(pending, processing, items, attempts, postponed),
            List.of(Long.toString(visibility.toMillis())))
        .map(SignalQueue::taken);
  }

  @Override
  public Future<Void> ack(String id) {
    return scripts.get("signal-ack").run(redis, List.of(processing, items, attempts, postponed), List.of(id)).mapEmpty();
  }

  /**
   * Hands a taken signal back to be taken again after {@code wait}, with its priority and without
   * counting the take as an attempt.
   */
  public Future<Void> postpone(String id, Duration wait) {
    return postpone(List.of(processing, postponed, attempts), id, wait, false);
  }

  /**
   * Hands a taken signal back to be taken again once its agent's order in flight settles
   * ({@link #wake}), or after {@code wait} at the latest, with its priority and without counting
   * the take as an attempt.
   */
  public Future<Void> postponeUntilSettled(String id, String agentId, Duration wait) {
    return postpone(List.of(processing, postponed, attempts, waiting(agentId)), id, wait, false);
  }

  /** The agent's order in flight is settled: its signals postponed behind it are due now. Returns how many. */
  public Future<Integer> wake(String agentId) {
    return scripts.get("signal-wake").run(redis, List.of(postponed, waiting(agentId)), List.of())
        .map(Response::toInteger);
  }

  /**
   * Hands a taken signal whose processing failed back to be taken again after {@code wait}, the
   * take counted as an attempt: sooner than its visibility deadline would, as often as the
   * attempts allow.
   */
  public Future<Void> retryAfter(String id, Duration wait) {
    return postpone(List.of(processing, postponed, attempts), id, wait, true);
  }

  /** signal-postpone.lua: with the agent's waiting set among {@code keys} or not, the take counted or not. */
  private Future<Void> postpone(List<String> keys, String id, Duration wait, boolean counted) {
    List<String> args = counted ? List.of(id, Long.toString(wait.toMillis()), "1")
        : List.of(id, Long.toString(wait.toMillis()));
    return scripts.get("signal-postpone").run(redis, keys, args).mapEmpty();
  }

  /** Puts back up to {@code max} signals whose deadline passed; returns how many. */
  public Future<Integer> requeueLate(int max) {
    return scripts.get("signal-requeue").run(redis, List.of(processing, pending, items), List.of(Integer.toString(max)))
        .map(Response::toInteger);
  }

  /** Signals waiting to be taken, postponed ones included. */
  public Future<Long> depth() {
    return redis.batch(List.of(Request.cmd(Command.ZCARD).arg(pending), Request.cmd(Command.ZCARD).arg(postponed)))
        .map(counts -> counts.get(0).toLong() + counts.get(1).toLong());
  }

  /** Signals taken and not finished yet. */
  public Future<Long> inProcess() {
    return redis.send(Request.cmd(Command.ZCARD).arg(processing)).map(Response::toLong);
  }

  private String waiting(String agentId) {
    return keys.key("queue:", RedisKeys.tag("signals"), "waiting", agentId);
  }

  private String dedup(Signal signal) {
    return keys.key("queue:", RedisKeys.tag("signals"), "seen", signal.dedupKey());
  }

  private static Optional<Taken> taken(Response response) {
    if (response == null || response.size() < 3 || response.get(1) == null) {
      return Optional.empty();
    }
    return Optional.of(new Taken(Signal.fromJson(new JsonObject(response.get(1).toBuffer())), response.get(2).toInteger()));
  }
}
