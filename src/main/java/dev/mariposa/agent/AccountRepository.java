package dev.mariposa.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mariposa.kernel.port.AccountStorePort;
import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
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
 * which keeps those retries rare, and start from the account this process wrote last (held in
 * memory): one write per update, no read, unless another process wrote in between (the
 * compare-and-set misses, the account is read again). An agent without a document has a fresh
 * account.
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

  /** The account each agent had after this process's last write, per database client like the queues. */
  private static final Map<MongoClient, Cache<String, Account>> WRITTEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static final JsonObject WITHOUT_APPLIED = new JsonObject().put("applied", 0);

  private final Map<String, Future<?>> queue;
  private final Cache<String, Account> written;

  public AccountRepository(MongoStore store) {
    super(store, "accounts", List.of(guardIndex("version", "trades", "cash")));
    this.queue = QUEUES.computeIfAbsent(mongo, client -> new ConcurrentHashMap<>());
    this.written = WRITTEN.computeIfAbsent(mongo, client -> Caffeine.newBuilder().maximumSize(100_000)
        .expireAfterAccess(Duration.ofHours(1)).build());
  }

  public Future<Account> get(String agentId, BigDecimal startingBalance) {
    return findById(agentId).map(doc -> doc.map(Account::fromJson).orElseGet(() -> Account.open(agentId, startingBalance)));
  }

  /**
   * The agent's account for deciding on it, without the client order ids it applied (up to 500,
   * most of the document's bytes): never to be updated from, which only {@link #update} does.
   */
  public Future<Account> forDecision(String agentId, BigDecimal startingBalance) {
    return mongo.findOne(collection, new JsonObject().put("_id", agentId), WITHOUT_APPLIED)
        .map(doc -> doc == null ? Account.open(agentId, startingBalance) : Account.fromJson(doc));
  }

  /**
   * The stored accounts of these agents, in one read (an agent without a document has none here),
   * without the client order ids they applied, like {@link #forDecision}: for watching positions.
   */
  public Future<List<Account>> stored(Collection<String> agentIds) {
    if (agentIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(agentIds))));
    return mongo.findWithOptions(collection, query, new FindOptions().setFields(WITHOUT_APPLIED))
        .map(docs -> docs.stream().map(Account::fromJson).toList());
  }

  /**
   * The account as this process last wrote it, without a read; read when it wrote none. Another
   * process may have changed it since: for watching positions, not for deciding on them.
   */
  public Future<Account> lastWritten(String agentId, BigDecimal startingBalance) {
    Account held = written.getIfPresent(agentId);
    return held != null ? Future.succeededFuture(held) : get(agentId, startingBalance);
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
    Account held = written.getIfPresent(agentId);
    Future<Account> read = held != null ? Future.succeededFuture(held) : get(agentId, startingBalance);
    return read.compose(current -> {
      Account changed = change.apply(current);
      if (changed == current) {
        return Future.succeededFuture(current);
      }
      Account next = changed.withVersion(current.version() + 1);
      return replace(current, next)
          .onFailure(t -> written.invalidate(agentId)) // written or not: read it next time
          .compose(ok -> {
            if (ok) {
              written.put(agentId, next);
              return Future.succeededFuture(next);
            }
            written.invalidate(agentId); // another process wrote in between
            if (attempts <= 1) {
              return Future.failedFuture(new IllegalStateException("account " + agentId + " kept changing under us"));
            }
            return update(agentId, startingBalance, change, attempts - 1);
          });
    });
  }

  /** Writes {@code next} if the stored account is still {@code current}; false when it is not. */
  private Future<Boolean> replace(Account current, Account next) {
    JsonObject document = next.toJson().put("_id", next.agentId());
    if (current.version() == 0) {
      return mongo.insert(collection, document).map(id -> true)
          .recover(t -> MongoStore.isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t));
    }
    JsonObject unchanged = new JsonObject().put("_id", next.agentId()).put("version", current.version())
        .put("trades", current.trades()).put("cash", current.cash().toPlainString());
    return mongo.replaceDocuments(collection, unchanged, document).map(r -> r.getDocMatched() == 1);
  }
}
