package dev.mariposa.agent;

import dev.mariposa.kernel.port.AccountStorePort;
import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The {@code accounts} collection: one document per agent, changed only by compare-and-set (the
 * version, and the trade count and cash it was read with: a read that saw a half-written document
 * cannot match), retried on a race, so two trade instances applying fills of one agent at once
 * cannot lose either. Within a process the updates of one agent also run one after another,
 * which keeps those retries rare. An agent without a document has a fresh account.
 */
public final class AccountRepository extends MongoRepository implements AccountStorePort {
  private static final int ATTEMPTS = 16;
  /**
   * The last update queued per agent, per database client (one per instance): the next one starts
   * when it is done. Not one map for the whole JVM: an instance stopped with an update under way
   * (tests, the parity check's embedded instances) would hold up every later instance's updates
   * of an agent of the same id.
   */
  private static final Map<MongoClient, Map<String, Future<?>>> QUEUES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Map<String, Future<?>> queue;

  public AccountRepository(MongoStore store) {
    super(store, "accounts", List.of(guardIndex("version", "trades", "cash")));
    this.queue = QUEUES.computeIfAbsent(mongo, client -> new ConcurrentHashMap<>());
  }

  public Future<Account> get(String agentId, BigDecimal startingBalance) {
    return findById(agentId).map(doc -> doc.map(Account::fromJson).orElseGet(() -> Account.open(agentId, startingBalance)));
  }

  @Override
  public Future<Account> update(String agentId, BigDecimal startingBalance, UnaryOperator<Account> change) {
    Promise<Account> result = Promise.promise();
    Future<?> previous = queue.put(agentId, result.future());
    Future<?> before = previous == null ? Future.succeededFuture() : previous;
    before.onComplete(ignored -> update(agentId, startingBalance, change, ATTEMPTS).onComplete(ar -> {
      queue.remove(agentId, result.future());
      result.handle(ar);
    }));
    return result.future();
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
          : mongo.replaceDocuments(collection, new JsonObject().put("_id", agentId).put("version", current.version())
                  .put("trades", current.trades()).put("cash", current.cash().toPlainString()), document)
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
