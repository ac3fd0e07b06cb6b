package dev.mariposa.signal;

import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;

/**
 * Whose turn it is to decide an agent's next signal, across every signal instance: a lease in Redis
 * ({@code signal:turn:{<agentId>}}, SET NX PX, held by one signal's id) taken before the risk check
 * and released once the outcome is recorded (an approved ticket is in {@link InFlightOrders} by
 * then). With the in-flight orders it makes an agent's signals decided one at a time, each against
 * the account its previous order left. A holder that dies frees the turn after {@code ttl}.
 */
public final class AgentTurns {
  private final RedisConnections redis;
  private final LuaScripts scripts;
  private final RedisKeys keys;
  private final Duration ttl;

  public AgentTurns(RedisConnections redis, LuaScripts scripts, RedisKeys keys, Duration ttl) {
    this.redis = redis;
    this.scripts = scripts;
    this.keys = keys;
    this.ttl = ttl;
  }

  /** True when {@code signalId} now holds its agent's turn (or already held it). */
  public Future<Boolean> take(String agentId, String signalId) {
    return redis.send(Request.cmd(Command.SET).arg(key(agentId)).arg(signalId).arg("NX").arg("PX").arg(ttl.toMillis()))
        .compose(set -> set != null ? Future.succeededFuture(true) : holder(agentId).map(signalId::equals));
  }

  /** Gives the turn up, if {@code signalId} holds it. */
  public Future<Void> release(String agentId, String signalId) {
    return scripts.get("lease-release").run(redis, List.of(key(agentId)), List.of(signalId)).mapEmpty();
  }

  private Future<String> holder(String agentId) {
    return redis.send(Request.cmd(Command.GET).arg(key(agentId))).map(r -> r == null ? null : r.toString());
  }

  private String key(String agentId) {
    return keys.key("signal:", "turn", RedisKeys.tag(agentId));
  }
}
