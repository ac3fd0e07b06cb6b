package dev.mariposa.redis;

import dev.mariposa.config.MariposaConfig.RedisMode;
import dev.mariposa.config.MariposaConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original system's "multi-client architecture": a pooled client for commands, a separate
 * small pool for PUBLISH (so a burst of events never queues behind slow commands), and one
 * dedicated subscriber connection. It tracks Redis's state, retries commands whose connection
 * could not be opened, and records command latency, failures and reconnects.
 */
public final class RedisConnections {
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);

  private final Vertx vertx;
  private final MariposaConfig.Redis config;
  private final Redis commands;
  private final Redis publisher;
  private final RedisOptions dedicatedOptions;
  private final RedisSubscriber subscriber;
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter retries;
  private final Counter failures;
  private final List<Consumer<RedisState>> listeners = new CopyOnWriteArrayList<>();
  private final String description;
  private volatile boolean commandsUp;
  private volatile RedisState state = RedisState.CONNECTING;
  private long watchdog = -1;
  /**
   * Cluster mode only: commands in flight, at most half the pool. The cluster client refreshes its
   * slot map every second with a connection of the same pool; commands holding every connection
   * while they wait for that map never get it (see InFlightLimit).
   */
  private final InFlightLimit clusterLimit;

  private RedisConnections(Vertx vertx, MariposaConfig.Redis config, List<String> urls, MeterRegistry registry) {
    RedisKeys keys = new RedisKeys(config.keyPrefix());
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.commands = Redis.createClient(vertx, options(urls, "commands").setMaxPoolSize(config.poolSize())
        .setMaxPoolWaiting(config.poolWaiting()));
    this.publisher = Redis.createClient(vertx, options(urls, "publisher").setMaxPoolSize(config.publisherPoolSize())
        .setMaxPoolWaiting(config.poolWaiting()));
    // RESP3 so that pushes are typed as such and never mistaken for a PING reply.
    // One connection each; on a cluster one more per node, which the client takes from the same
    // pool to refresh its slot map (every second): without it, a held connection waits for ever.
    int single = config.mode() == RedisMode.CLUSTER ? 2 : 1;
    this.dedicatedOptions = options(urls, "dedicated").setMaxPoolSize(single);
    RedisOptions subscriberOptions = options(urls, "subscriber").setMaxPoolSize(single)
        .setPreferredProtocolVersion(ProtocolVersion.RESP3);
    this.subscriber = new RedisSubscriber(vertx, () -> Redis.createClient(vertx, subscriberOptions),
        new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay()), config.pingInterval(), config.timeout(),
        keys.key("heartbeat:", UUID.randomUUID().toString()), registry);
    this.retries = Counter.builder("mariposa.redis.command.retries")
        .description("Commands retried because no connection could be opened").register(registry);
    this.failures = Counter.builder("mariposa.redis.command.failures")
        .description("Commands that failed after their retries").register(registry);
    Gauge.builder("mariposa.redis.up", this, c -> c.state == RedisState.UP ? 1 : 0)
        .description("1 while Redis answers commands and the subscriber is subscribed").register(registry);
    // A subscriber back after an outage: ask the command path now rather than at the next PING
    // round, so the state (which gates the API's rate limiter) goes UP as soon as both work.
    this.subscriber.onConnectionChange(up -> {
      if (up && !commandsUp) {
        checkCommands();
      }
      updateState();
    });
    this.description = describe(urls);
    this.clusterLimit = config.mode() == RedisMode.CLUSTER
        ? new InFlightLimit(vertx, Math.max(1, config.poolSize() / 2)) : null;
  }

  /** Creates the clients; nothing connects until {@link #start()}. */
  public static RedisConnections create(Vertx vertx, MariposaConfig.Redis config, List<String> urls,
                                        MeterRegistry registry) {
    return new RedisConnections(vertx, config, urls, registry);
  }

  /**
   * Starts the subscriber and the watchdog. Completes once Redis answered, or fails after
   * REDIS_TIMEOUT; the layer keeps reconnecting either way.
   */
  public Future<Void> start() {
    watchdog = vertx.setPeriodic(0, config.pingInterval().toMillis(), id -> checkCommands());
    return subscriber.start(channel -> publish(channel, Buffer.buffer("beat"))).timeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The configured connection strings (REDIS_DB is applied when the clients are created). */
  public static List<String> urls(MariposaConfig.Redis config) {
    return config.urls().stream().map(URI::toString).toList();
  }

  public RedisState state() {
    return state;
  }

  /** Where Redis is, without credentials, for logs and status. */
  public String description() {
    return description;
  }

  public RedisSubscriber subscriber() {
    return subscriber;
  }

  /** Called on every state change (from a Vert.x thread); run the returned action to stop listening. */
  public Runnable onStateChange(Consumer<RedisState> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * A client for one connection of its own, for a single writer that pipelines on its own
   * context: its connection lives on the context that connects it, so neither sending nor
   * completing hops threads (pooled connections may belong to another event loop). The caller
   * connects, reconnects with a fresh client after a failure, and closes it.
   */
  public Redis newDedicatedClient() {
    return Redis.createClient(vertx, new RedisOptions(dedicatedOptions));
  }

  /** Whether this is a Redis Cluster: multi-key commands must then name keys of one slot. */
  public boolean clustered() {
    return config.mode() == RedisMode.CLUSTER;
  }

  /**
   * A client of one node ({@code host:port}) of a cluster, with this layer's credentials and
   * timeouts, for what must run on each node (SCAN). The caller closes it.
   */
  public Redis nodeClient(String hostAndPort) {
    URI seed = URI.create(dedicatedOptions.getEndpoint());
    String credentials = seed.getRawUserInfo() == null ? "" : seed.getRawUserInfo() + "@";
    RedisOptions options = new RedisOptions(dedicatedOptions).setType(RedisClientType.STANDALONE)
        .setPoolName("mariposa-node")
        .setEndpoints(new ArrayList<>(List.of(seed.getScheme() + "://" + credentials + hostAndPort)));
    return Redis.createClient(vertx, options);
  }

  public Duration timeout() {
    return config.timeout();
  }

  /** Sends one command through the pooled client, retrying only when no connection could be opened. */
  public Future<Response> send(Request request) {
    return measured(request.command().toString(), () -> clusterLimit == null ? commands.send(request)
        : clusterLimit.call(() -> commands.send(request)), config.retryAttempts());
  }

  /**
   * Sends several commands pipelined on one pooled connection; the replies in order. On a
   * cluster, whose client pipelines only commands of one node, each is sent on its own, all at
   * once. Not a transaction either way: no caller relies on one.
   */
  public Future<List<Response>> batch(List<Request> requests) {
    if (clustered()) {
      List<Future<Response>> each = requests.stream().map(this::send).toList();
      return Future.all(each).map(all -> each.stream().map(Future::result).toList());
    }
    return measured("pipeline", () -> commands.batch(requests), config.retryAttempts());
  }

  /** PUBLISH through the publisher pool; never retried, pub/sub being at-most-once anyway. */
  public Future<Response> publish(String channel, Buffer payload) {
    return measured("publish", () -> publisher.send(Request.cmd(Command.PUBLISH).arg(channel).arg(payload)), 0);
  }

  public Future<Void> close() {
    vertx.cancelTimer(watchdog);
    state = RedisState.CLOSED;
    return Future.join(subscriber.close(), commands.close(), publisher.close()).mapEmpty();
  }

  private <T> Future<T> measured(String operation, Supplier<Future<T>> call, int retriesLeft) {
    Timer timer = timers.computeIfAbsent(operation, name -> Timer.builder("mariposa.redis.command")
        .description("Redis command round trip through the connection layer")
        .tag("command", name)
        // Buckets (about 25 per command) for the p99 per command in the Grafana dashboard.
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(5)).register(registry));
    long start = System.nanoTime();
    return attempt(call, retriesLeft, new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay()))
        .timeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .andThen(ar -> {
          timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          if (ar.failed()) {
            failures.increment();
            if (isConnectionFailure(ar.cause()) && commandsUp) {
              commandsUp = false;
              updateState();
            }
          }
        });
  }

  private <T> Future<T> attempt(Supplier<Future<T>> call, int retriesLeft, Backoff backoff) {
    return call.get().recover(t -> {
      if (retriesLeft <= 0 || !isConnectFailure(t)) {
        return Future.failedFuture(t);
      }
      retries.increment();
      Promise<T> retried = Promise.promise();
      vertx.setTimer(backoff.nextDelayMs(), id -> attempt(call, retriesLeft - 1, backoff).onComplete(retried));
      return retried.future();
    });
  }

  private void checkCommands() {
    commands.send(Request.cmd(Command.PING))
        .timeout(Math.max(1000, config.pingInterval().toMillis() * 2), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          if (ar.succeeded() != commandsUp) {
            commandsUp = ar.succeeded();
            updateState();
          }
        });
  }

  private synchronized void updateState() {
    if (state == RedisState.CLOSED) {
      return;
    }
    // CONNECTING lasts until the first UP: a Redis that never answered is not "down again".
    RedisState next = commandsUp && subscriber.isSubscribed() ? RedisState.UP
        : state == RedisState.CONNECTING ? RedisState.CONNECTING : RedisState.DOWN;
    if (next != state) {
      RedisState previous = state;
      state = next;
      if (next == RedisState.UP) {
        LOG.info("Redis is UP ({})", description);
      } else if (previous == RedisState.UP) {
        LOG.warn("Redis is DOWN ({}): reconnecting with backoff", description);
      }
      listeners.forEach(l -> l.accept(next));
    }
  }

  /** No connection could be opened: the command was never sent, so retrying it is always safe. */
  private static boolean isConnectFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c.getClass().getSimpleName().equals("RedisConnectException")) {
        return true;
      }
    }
    return false;
  }

  /** A failure that says Redis is unreachable, not that the command was wrong. */
  private static boolean isConnectionFailure(Throwable t) {
    return isConnectFailure(t) || t instanceof TimeoutException;
  }

  private RedisOptions options(List<String> urls, String name) {
    RedisOptions options = new RedisOptions()
        .setType(switch (config.mode()) {
          case STANDALONE -> RedisClientType.STANDALONE;
          case CLUSTER -> RedisClientType.CLUSTER;
          case SENTINEL -> RedisClientType.SENTINEL;
        })
        .setPoolName("mariposa-" + name)
        .setMaxWaitingHandlers(Math.max(2048, config.poolWaiting() * 8))
        .setNetClientOptions(new NetClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
            .setTcpNoDelay(true).setTcpKeepAlive(true));
    urls.forEach(url -> options.addConnectionString(withDb(url)));
    if (config.password() != null) {
      options.setPassword(config.password().reveal());
    }
    if (config.mode() == RedisMode.SENTINEL) {
      options.setMasterName(config.masterName()).setRole(RedisRole.MASTER);
    }
    return options;
  }

  /** REDIS_DB applies when the URL names no database itself (standalone and sentinel only). */
  private String withDb(String url) {
    URI uri = URI.create(url);
    boolean hasDb = uri.getPath() != null && uri.getPath().length() > 1;
    if (hasDb || config.db() == 0 || config.mode() == RedisMode.CLUSTER) {
      return url;
    }
    return url.endsWith("/") ? url + config.db() : url + "/" + config.db();
  }

  private String describe(List<String> urls) {
    return urls.stream().map(u -> {
      URI uri = URI.create(u);
      return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort())
          + (uri.getPath() == null ? "" : uri.getPath());
    }).reduce((a, b) -> a + "," + b).orElse("?") + " (" + config.mode().name().toLowerCase() + ")";
  }
}
