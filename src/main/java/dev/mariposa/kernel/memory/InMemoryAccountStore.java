package dev.mariposa.kernel.memory;

import dev.mariposa.agent.Account;
import dev.mariposa.kernel.port.AccountStorePort;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The accounts in memory: one thread, so an update is simply applied. An agent without an account
 * has a fresh one at its starting balance, as in the {@code accounts} collection. The version is
 * not kept: nothing here compares and sets.
 */
public final class InMemoryAccountStore implements AccountStorePort {
  private final Map<String, Account> accounts = new HashMap<>();

  @Override
  public Future<Account> update(String agentId, BigDecimal startingBalance, UnaryOperator<Account> change) {
    Account changed = change.apply(get(agentId, startingBalance));
    accounts.put(agentId, changed);
    return Future.succeededFuture(changed);
  }

  /** The agent's account now (a fresh one at {@code startingBalance} when it has none). */
  public Account get(String agentId, BigDecimal startingBalance) {
    Account account = accounts.get(agentId); // a backtest asks on every quote: no lambda made when it is there
    return account != null ? account : accounts.computeIfAbsent(agentId, id -> Account.open(id, startingBalance));
  }
}
