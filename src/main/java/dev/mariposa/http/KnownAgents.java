package dev.mariposa.http;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import io.vertx.core.Future;

/**
 * The first question of every per-agent endpoint: is there such an agent. An unknown one is 404
 * agent_not_found, never an empty 200 that reads like an agent without history.
 */
final class KnownAgents {
  private final AgentRepository agents;

  KnownAgents(AgentRepository agents) {
    this.agents = agents;
  }

  /** The agent; fails with 404 agent_not_found when there is none (MongoDB's failures pass as they are). */
  Future<Agent> require(String id) {
    return agents.get(id).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(notFound(id))));
  }

  /** {@code read}'s result once the agent is known to exist; both asked at once, an unknown agent's 404 first. */
  <T> Future<T> read(String id, Future<T> read) {
    Future<Agent> known = require(id);
    return Future.join(known, read).map(both -> read.result())
        .recover(t -> Future.failedFuture(known.failed() ? known.cause() : read.cause()));
  }

  static ApiException notFound(String id) {
    return new ApiException(ErrorCode.AGENT_NOT_FOUND, "No agent " + id);
  }
}
