package dev.mariposa;

import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Role;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.http.OpenApiContract;
import dev.mariposa.kernel.ReplayClock;
import dev.mariposa.market.KlineHistory;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.market.MarketFeedVerticle;
import dev.mariposa.market.MarketLoader;
import dev.mariposa.market.RunningSource;
import dev.mariposa.market.binance.BinanceLoader;
import dev.mariposa.market.binance.BinanceRest;
import dev.mariposa.market.binance.RestWeightLimiter;
import dev.mariposa.ops.EventLoopLag;
import dev.mariposa.ops.EventLoopLagProbe;
import dev.mariposa.ops.TradingMode;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.KeySweeper;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.redis.ValueCodec;
import dev.mariposa.session.SessionRecorder;
import dev.mariposa.store.InstanceEventRepository;
import dev.mariposa.store.MongoStore;
import dev.mariposa.wiring.Services;
import dev.mariposa.wiring.Verticles;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import dev.mariposa.kernel.MarketClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Mariposa process: embedded stores when no URLs are set, Vert.x with Prometheus metrics, the
 * process-wide services, and the verticles of the configured roles. {@link #stop} undoes it all
 * in reverse order within the shutdown timeout.
 */
public final class Mariposa {
  private static final Logger LOG = LoggerFactory.getLogger(Mariposa.class);
  /** How long a market value stays in the in-process layer: well under the 2 s Redis TTL of tickers. */
  private static final Duration MARKET_L1_TTL = Duration.ofMillis(250);

  private final MariposaConfig config;
  private final List<AutoCloseable> embedded = Collections.synchronizedList(new ArrayList<>());
  private Vertx vertx;
  private Services services;
  private Verticles verticles;
  private InstanceEventRepository instanceEvents;
  private String redisDescription;
  private String mongoDescription;
  /** The TCP event-bus bridge's port, when TCP_BRIDGE_PORT is set (0 resolved to a free port). */
  private Optional<Integer> tcpBridgePort = Optional.empty();
  private boolean stopped;
  private final Map<String, Integer> deployedInstances = new ConcurrentSkipListMap<>();
  private boolean banner = true;

  private Mariposa(MariposaConfig config) {
    this.config = config;
  }

  /** Creates and starts an instance; see {@link #start()}. */
  public static Mariposa start(MariposaConfig config) {
    Mariposa app = create(config);
    app.start();
    return app;
  }

  /** An instance not yet started, so a shutdown hook can be in place before anything runs. */
  public static Mariposa create(MariposaConfig config) {
    return new Mariposa(config);
  }

  /**
   * No banner on standard output once up: an instance embedded in a command whose output is its
   * own (the backtest's parity check). Call before {@link #start()}.
   */
  public Mariposa withoutBanner() {
    this.banner = false;
    return this;
  }

  /**
   * Starts everything and blocks until it is up; call from a plain thread (main or a test). On
   * failure whatever had started is stopped again before the exception propagates.
   */
  public synchronized void start() {
    try {
      startBlocking();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  public Services services() {
    return services;
  }

  /** The composition root of this process: tests build single verticles with it. */
  public Verticles verticles() {
    return verticles;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** What this process runs: verticle name (role, or "http", "event-loop-probe") → instances deployed. */
  public Map<String, Integer> deployedInstances() {
    return Map.copyOf(deployedInstances);
  }

  /** Where the TCP event-bus bridge listens, if it is on. */
  public Optional<Integer> tcpBridgePort() {
    return tcpBridgePort;
  }

  public String baseUrl() {
    String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
    return "http://" + host + ":" + services.httpPort();
  }

  private void startBlocking() {
    long t0 = System.nanoTime();
    LOG.info("Starting Mariposa {} as instance {} with roles {}", version(), config.instanceId(), roleNames());
    // The embedded servers start while Vert.x and the meters are built: startup is on the clock.
    CompletableFuture<String> embeddedRedis = CompletableFuture.supplyAsync(this::startRedisIfEmbedded);
    CompletableFuture<String> embeddedMongo = CompletableFuture.supplyAsync(this::startMongoIfEmbedded);
    CompletableFuture<Void> contract = config.runs(Role.HTTP) ? CompletableFuture.runAsync(OpenApiContract::preload)
        : CompletableFuture.completedFuture(null);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Not "instance": Prometheus sets that label to the scrape target itself.
    registry.config().commonTags(List.of(Tag.of("mariposa_instance", config.instanceId())));
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();

    // All settle before a failure propagates, so stop() finds whatever did start.
    CompletableFuture.allOf(embeddedRedis, embeddedMongo, contract).exceptionally(t -> null).join();
    joinStartup(contract);
    String redisUrl = joinStartup(embeddedRedis);
    List<String> redisUrls = redisUrl != null ? List.of(redisUrl) : RedisConnections.urls(config.redis());
    RedisConnections redis = RedisConnections.create(vertx, config.redis(), redisUrls, registry);
    redisDescription = redisDescription != null ? redisDescription : redis.description();
    redis.onStateChange(state -> vertx.eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject()
        .put("component", "redis").put("state", state.name())
        .put("instanceId", config.instanceId()).put("at", Instant.now().toString())));
    Future<Void> redisStarted = redis.start();
    String mongoUrl = joinStartup(embeddedMongo);
    MongoStore mongo = MongoStore.create(vertx, config.mongo(),
        mongoUrl != null ? mongoUrl : config.mongo().url().orElseThrow().reveal(), mongoDescription, registry);
    instanceEvents = new InstanceEventRepository(mongo);

    RedisKeys keys = new RedisKeys(config.redis().keyPrefix());
    int httpPort = config.http().port() == 0 ? FreePort.find() : config.http().port();
    JsonCache cache = new JsonCache(redis, new ValueCodec(config.cache().compressAboveBytes(), registry), registry);
    LuaScripts scripts = new LuaScripts();
    // One per process: every HTTP verticle instance shares the in-process layer. With Binance as
    // the source, a value nobody caches yet comes from Binance REST (the shared weight budget).
    Optional<MarketLoader> exchange = config.market().source() != MariposaConfig.MarketSource.BINANCE ? Optional.empty()
        : Optional.of(new BinanceLoader(new BinanceRest(vertx, config.market().binanceRestUrl(), new RestWeightLimiter(
            redis, scripts, keys, config.market().binanceWeightPerMinute(), registry))));
    Optional<KlineHistory> history = config.history().enabled() ? Optional.of(new KlineHistory(mongo)) : Optional.empty();
    MarketDataService market = new MarketDataService(vertx, redis, cache, keys, scripts, exchange,
        new RunningSource(config.market().source()), history, config.cache(), MARKET_L1_TTL, registry);
    services = new Services(config, version(), Instant.now(), httpPort, registry, redis, keys, scripts,
        cache, new KeySweeper(redis, keys), mongo, new EventLoopLag(registry), market, decisionClock(market));
    verticles = new Verticles(vertx, services);

    // The verticles need neither store to be up (they reconnect like everything else), so all
    // three proceed together.
    Future<Void> redisReady = redisStarted.recover(t -> {
      LOG.error("Redis at {} is not answering ({}); starting anyway, /health says DOWN until it does",
          redis.description(), t.getMessage());
      return Future.succeededFuture();
    });
    Future<Void> mongoReady = mongo.ensureIndexes(vertx, Duration.ofSeconds(10)).recover(t -> {
      LOG.error("MongoDB at {} is not answering ({}); starting anyway, /health says DOWN until it does",
          mongo.description(), t.getMessage());
      return Future.succeededFuture();
    });
    await(Future.all(redisReady, mongoReady, deployAll()), "startup");
    instanceEvents.record(config.instanceId(), "started", statusDetails())
        .onFailure(t -> LOG.warn("Cannot record the start in MongoDB: {}", t.getMessage()));
    if (banner) {
      printBanner(Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  /**
   * Decision time: in a replay, the replayed time, advanced by every market event this process
   * publishes or receives over the bridge (before any verticle is deployed, so none is missed);
   * the newest quotes are heard the same way, so no decision finds them behind its clock.
   */
  private MarketClock decisionClock(MarketDataService market) {
    if (config.market().source() != MariposaConfig.MarketSource.REPLAY) {
      return MarketClock.system();
    }
    market.hearAllQuotes();
    ReplayClock clock = new ReplayClock().follow(vertx.eventBus());
    market.reportReplayedTimes(clock::advance);
    return clock;
  }

  private Future<?> deployAll() {
    // The bridge first, so the roles' first events already cross; exactly one copy per process.
    return deploy("bridge", () -> verticles.bridge(this::describeSelf), 1)
        .compose(id -> deployRoles());
  }

  private Future<?> deployRoles() {
    List<Future<String>> deployments = new ArrayList<>();
    int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    EventLoopLag lag = services.eventLoopLag();
    deployments.add(deploy("event-loop-probe", () -> new EventLoopLagProbe(lag), loops));
    deployments.add(deploy("instance-figures", verticles::instanceFigures, 1));
    config.tcpBridge().port().ifPresent(port -> {
      tcpBridgePort = Optional.of(port == 0 ? FreePort.find() : port);
      deployments.add(deploy("tcp-bridge", () -> verticles.tcpBridge(tcpBridgePort.get()), 1));
    });
    // Every instance serves /health and /metrics; only the http role adds the API, the bridge and
    // the dashboard, whose sockets one recorder per process keeps in Redis as sessions.
    if (config.runs(Role.HTTP)) {
      SessionRecorder sessions = verticles.sessionRecorder();
      deployments.add(deploy("session-recorder", () -> sessions, 1)
          .compose(id -> deploy(Role.HTTP.key(), () -> verticles.api(sessions),
              config.instancesOf(Role.HTTP))));
    } else {
      deployments.add(deploy("ops-http", verticles::opsOnly, 1));
    }
    for (Role role : config.roles()) {
      if (role != Role.HTTP) {
        deployments.add(deploy(role.key(), verticles.role(role), config.instancesOf(role)));
      }
    }
    // Backtests asked for over the API run one at a time per process, beside the scheduled jobs.
    if (config.runs(Role.JOBS)) {
      deployments.add(deploy("backtest-runs", verticles::backtestRuns, 1));
    }
    // One notifier per jobs process; the processes' notifiers elect one of them by a lease.
    if (config.runs(Role.JOBS) && config.notifications().enabled()) {
      deployments.add(deploy("notify", verticles::notifier, 1));
    }
    return Future.all(deployments);
  }

  private Future<String> deploy(String name, Supplier<Deployable> verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> deployedInstances.put(name, instances));
  }

  /**
   * Graceful shutdown: stop accepting and drain (verticles undeployed, HTTP servers shut down),
   * close the clients, then stop the embedded servers. Bounded by the configured timeout.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    if (vertx != null) {
      if (instanceEvents != null) {
        awaitQuietly(instanceEvents.record(config.instanceId(), "stopped", statusDetails()), deadline, 1000);
      }
      List<Future<Void>> undeployed = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
      awaitQuietly(Future.join(new ArrayList<>(undeployed)), deadline, Long.MAX_VALUE);
      if (services != null) {
        awaitQuietly(services.redis().close(), deadline, 2000);
        awaitQuietly(services.mongo().close(), deadline, 2000);
      }
      awaitQuietly(vertx.close(), deadline, Long.MAX_VALUE);
    }
    for (int i = embedded.size() - 1; i >= 0; i--) {
      try {
        embedded.get(i).close();
      } catch (Exception e) {
        LOG.warn("Cannot stop an embedded server: {}", e.getMessage());
      }
    }
    embedded.clear();
  }

  /** Waits for an embedded server started in the background, rethrowing its failure as it was. */
  private static <T> T joinStartup(CompletableFuture<T> server) {
    try {
      return server.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private String startRedisIfEmbedded() {
    if (!config.redis().embedded()) {
      return null;
    }
    EmbeddedRedis redis = EmbeddedRedis.persistent(config.dataDir().resolve("redis"));
    embedded.add(redis);
    redisDescription = "embedded " + redis.executable() + " on 127.0.0.1:" + redis.port()
        + ", append-only file in " + config.dataDir().resolve("redis");
    return redis.url();
  }

  private String startMongoIfEmbedded() {
    if (!config.mongo().embedded()) {
      mongoDescription = describeMongoUrl(config.mongo().url().orElseThrow().reveal()) + "/" + config.mongo().db();
      return null;
    }
    EmbeddedMongo mongo = EmbeddedMongo.persistent(config.dataDir().resolve("mongo"));
    embedded.add(mongo);
    mongoDescription = mongo.description();
    return mongo.connectionString();
  }

  /** mongodb://user:pass@host/... → mongodb://host (never print credentials). */
  static String describeMongoUrl(String url) {
    String withoutScheme = url.replaceFirst("^mongodb(\\+srv)?://", "");
    String scheme = url.substring(0, url.length() - withoutScheme.length());
    String hosts = withoutScheme.contains("@") ? withoutScheme.substring(withoutScheme.lastIndexOf('@') + 1) : withoutScheme;
    int end = hosts.indexOf('/');
    return scheme + (end < 0 ? hosts : hosts.substring(0, end));
  }

  /** This instance as the registry shows it (GET /api/cluster). */
  private JsonObject describeSelf() {
    String host = config.http().host().equals("0.0.0.0") ? hostName() : config.http().host();
    return new JsonObject()
        .put("id", config.instanceId())
        .put("version", version())
        .put("roles", new JsonArray(config.roles().stream().map(Role::key).toList()))
        .put("startedAt", services.startedAt().toString())
        .put("http", "http://" + host + ":" + services.httpPort())
        .put("pid", ProcessHandle.current().pid())
        .put("verticles", new JsonObject(new LinkedHashMap<>(deployedInstances)));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private JsonObject statusDetails() {
    return new JsonObject()
        .put("version", version())
        .put("roles", roleNames())
        .put("httpPort", services == null ? config.http().port() : services.httpPort())
        .put("pid", ProcessHandle.current().pid());
  }

  private void printBanner(Duration took) {
    RunningSource.State source = services.market().source().state();
    String market = config.runs(Role.FEED) ? MarketFeedVerticle.describeSource(config, source) : "not fed here (no feed role)";
    TradingMode mode = new TradingMode(TradingMode.money(config.exchange()),
        config.runs(Role.FEED) ? Optional.of(source) : Optional.empty());
    String banner = String.join(System.lineSeparator(),
        "",
        "Mariposa " + version() + " is up in " + took.toMillis() + " ms: instance " + config.instanceId()
            + ", roles " + roleNames(),
        "  Dashboard  " + baseUrl() + "/",
        "  Health     " + baseUrl() + "/health    Metrics " + baseUrl() + "/metrics",
        "  Market     " + market,
        "  Trading    " + mode.summary(),
        "  Redis      " + redisDescription,
        "  MongoDB    " + mongoDescription,
        "  TCP bridge " + tcpBridgePort.map(port -> config.tcpBridge().host() + ":" + port
            + " (event bus for other languages: see examples/)").orElse("off (set TCP_BRIDGE_PORT)"),
        "");
    System.out.println(banner);
  }

  private String roleNames() {
    return config.roles().stream().map(Role::key).collect(Collectors.joining(","));
  }

  static String version() {
    String v = Mariposa.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private void await(Future<?> future, String what) {
    try {
      future.await(config.shutdownTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not start in time");
    }
  }

  private static void awaitQuietly(Future<?> future, long deadlineNanos, long maxMillis) {
    long left = Math.min(maxMillis, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    if (left <= 0) {
      return;
    }
    try {
      future.await(left, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.debug("shutdown step did not finish cleanly: {}", e.getMessage());
    }
  }
}
