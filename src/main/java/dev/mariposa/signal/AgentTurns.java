package dev.mariposa.signal;

import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whose turn it is to decide an agent's next signal, across every signal instance: a lease in Redis
 * ({@code signal:turn:{<agentId>}}, held by one take of a signal) taken before the risk check and
 * released once the outcome is recorded (an approved ticket is in {@link InFlightOrders} by then).
 * Taking it reads the agent's orders in flight in the same script (agent-turn.lua, the agent's
 * hash tag): with them, an agent's signals are decided one at a time, each against the account
 * its previous order left. A holder that dies frees the turn after {@code ttl}.
 */
public final class AgentTurns {
  private final RedisConnections redis;
  private final LuaScripts scripts;
  private final RedisKeys keys;
  private final InFlightOrders inFlight;
  private final Duration ttl;

  public AgentTurns(RedisConnections redis, LuaScripts scripts, RedisKeys keys, InFlightOrders inFlight, Duration ttl) {
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    this.inFlight = inFlight;
    this.ttl = ttl;
  }

  /**
   * The agent's orders in flight at {@code now} when {@code holder} (one take of a signal) now
   * holds its agent's turn (or already held it); empty when another holds it.
   */
  public Future<Optional<List<InFlightOrder>>> take(String agentId, String holder, long now) {
    return scripts.get("agent-turn").run(redis, List.of(key(agentId), inFlight.key(agentId)),
            List.of(holder, Long.toString(ttl.toMillis())))
        .map(reply -> reply.get(0).toInteger() == 1
            ? Optional.of(InFlightOrders.fromFlatList(reply.get(1), now))
            : Optional.empty());
  }

  /** Gives the turn up, if {@code holder} holds it. */
  public Future<Void> release(String agentId, String holder) {
    return scripts.get("lease-release").run(redis, List.of(key(agentId)), List.of(holder)).mapEmpty();
  }

  private String key(String agentId) {
    return keys.key("signal:", "turn", RedisKeys.tag(agentId));
  }
}
