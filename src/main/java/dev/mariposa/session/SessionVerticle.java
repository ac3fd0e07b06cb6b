package dev.mariposa.session;

import dev.mariposa.bus.InstanceRegistry;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.redis.Claims;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session role: the cluster-wide upkeep of browser sessions. Each sweep removes the sessions
 * of instances that are no longer alive (one sweeper per dead instance, by claim), and sums the
 * live instances' subscriber counts per address: a symbol browsers listen to is marked wanted, so
 * the feed leaders feed it (demand-driven market subscriptions), up to session.maxWantedSymbols.
 * Each instance records its own sockets' sessions ({@link SessionRecorder}).
 */
public final class SessionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SessionVerticle.class);
  private static final Pattern MARKET_ADDRESS = Pattern.compile("market\\.(?:ticker|trade|book|kline)\\.([A-Z0-9]{2,20})(?:\\..*)?");

  private final MariposaConfig config;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final MeterRegistry meters;
  private final SessionStore store;
  private final InstanceRegistry registry;
  private final MarketDataService market;
  private final AtomicInteger subscribedAddresses = new AtomicInteger();
  private Counter purged;
  private boolean sweeping;

  /** {@code market} is told the symbols browsers listen to. */
  public SessionVerticle(MariposaConfig config, RedisConnections redis, RedisKeys keys, MarketDataService market,
                         MeterRegistry meters) {
    this.config = config;
    this.redis = redis;
    this.keys = keys;
    this.meters = meters;
    this.store = new SessionStore(redis, keys);
    this.registry = new InstanceRegistry(redis, keys);
    this.market = market;
  }

  @Override
  public Future<?> start() {
    purged = Counter.builder("mariposa.sessions.purged")
        .description("Browser sessions removed because their instance died").register(meters);
    Gauge.builder("mariposa.sessions.subscribed.addresses", subscribedAddresses, AtomicInteger::get)
        .description("Addresses browsers listen to, cluster-wide").register(meters);
    vertx.setPeriodic(config.session().sweep().toMillis(), id -> sweep());
    return Future.succeededFuture();
  }

  /** One sweep; a slow one is not overlapped by the next. Public for tests. */
  public Future<Void> sweep() {
    if (sweeping) {
      return Future.succeededFuture();
    }
    sweeping = true;
    return registry.live()
        .map(live -> live.stream().map(i -> i.getString("id")).collect(Collectors.toCollection(TreeSet::new)))
        .compose(live -> Future.all(purgeDead(live), demand(live)).<Void>mapEmpty())
        .onFailure(t -> LOG.debug("session sweep failed: {}", t.getMessage()))
        .eventually(() -> {
          sweeping = false;
          return Future.succeededFuture();
        });
  }

  private Future<Void> purgeDead(Set<String> live) {
    return store.instancesWithSessions().compose(recorded -> {
      List<Future<Integer>> purges = recorded.stream().filter(id -> !live.contains(id))
          .map(this::purge).toList();
      return Future.all(purges).mapEmpty();
    });
  }

  private Future<Integer> purge(String instanceId) {
    String claim = keys.key("lock:", "session-purge", instanceId);
    return Claims.once(redis, claim, config.instanceId(), config.session().sweep())
        .compose(won -> !won ? Future.succeededFuture(0) : store.purgeInstance(instanceId).onSuccess(n -> {
          if (n > 0) {
            purged.increment(n);
            LOG.info("Removed {} browser session(s) of instance {}, which is gone", n, instanceId);
            vertx.eventBus().publish("system.status", new JsonObject().put("component", "sessions")
                .put("state", "PURGED").put("instanceId", instanceId).put("sessions", n));
          }
        }));
  }

  private Future<Void> demand(Set<String> live) {
    return store.subscriberCounts(live).compose(counts -> {
      subscribedAddresses.set(counts.size());
      Set<String> symbols = wantedSymbols(counts, config.session().maxWantedSymbols());
      return market.want(symbols);
    });
  }

  /** The symbols of market addresses someone listens to, the most listened first, at most {@code max}. */
  static Set<String> wantedSymbols(Map<String, Integer> counts, int max) {
    Map<String, Integer> bySymbol = new java.util.HashMap<>();
    counts.forEach((address, n) -> {
      Matcher m = MARKET_ADDRESS.matcher(address);
      if (m.matches() && n > 0) {
        bySymbol.merge(m.group(1), n, Integer::sum);
      }
    });
    return bySymbol.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(max).map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
  }
}
