package dev.mariposa.agent;

import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code accounts} collection: one document per agent, changed only by compare-and-set on its
 * version (retried a few times on a race), so two trade instances applying fills of one agent at
 * once cannot lose either. An agent without a document has a fresh account at its starting balance.
 */
public final class AccountRepository extends MongoRepository {
  private static final int ATTEMPTS = 8;

  public AccountRepository(MongoStore store) {
    super(store, "accounts", List.of());
  }

  public Future<Account> get(String agentId, BigDecimal startingBalance) {
    return findById(agentId).map(doc -> doc.map(Account::fromJson).orElseGet(() -> Account.open(agentId, startingBalance)));
  }

  /** Applies {@code change} to the current account and stores the result; returns it. */
  public Future<Account> update(String agentId, BigDecimal startingBalance, UnaryOperator<Account> change) {
    return update(agentId, startingBalance, change, ATTEMPTS);
  }

  private Future<Account> update(String agentId, BigDecimal startingBalance, UnaryOperator<Account> change, int attempts) {
    return get(agentId, startingBalance).compose(current -> {
      Account changed = change.apply(current);
      if (changed == current) {
        return Future.succeededFuture(current);
      }
      Account stored = new Account(changed.agentId(), changed.startingBalance(), changed.cash(), changed.positions(),
          changed.realizedTotal(), changed.realizedToday(), changed.day(), changed.feesTotal(), changed.peakEquity(),
          changed.lastLossAt(), changed.trades(), changed.applied(), current.version() + 1);
      JsonObject document = stored.toJson().put("_id", agentId);
      Future<Boolean> written = current.version() == 0
          ? mongo.insert(collection, document).map(id -> true)
              .recover(t -> MongoStore.isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t))
          : mongo.replaceDocuments(collection, new JsonObject().put("_id", agentId).put("version", current.version()), document)
              .map(r -> r.getDocMatched() == 1);
      return written.compose(ok -> {
        if (ok) {
          return Future.succeededFuture(stored);
        }
        if (attempts <= 1) {
          return Future.failedFuture(new IllegalStateException("account " + agentId + " kept changing under us"));
        }
        return update(agentId, startingBalance, change, attempts - 1);
      });
    });
  }
}
