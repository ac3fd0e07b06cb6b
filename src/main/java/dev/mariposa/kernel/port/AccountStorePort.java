package dev.mariposa.kernel.port;

import dev.mariposa.agent.Account;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.function.UnaryOperator;

/**
 * The agents' accounts. An update is atomic per agent: {@code change} sees the current account
 * (a fresh one at {@code startingBalance} when the agent has none) and no other update of that
 * agent is lost; an update that returns the account unchanged writes nothing.
 */
public interface AccountStorePort {
  /** Applies {@code change} to the agent's current account and stores the result; returns it. */
  Future<Account> update(String agentId, BigDecimal startingBalance, UnaryOperator<Account> change);
}
