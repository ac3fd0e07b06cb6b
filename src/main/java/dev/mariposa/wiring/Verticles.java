package dev.mariposa.wiring;

import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.analysis.AnalysisStore;
import dev.mariposa.analysis.AnalysisVerticle;
import dev.mariposa.analysis.ModelRegistry;
import dev.mariposa.bus.InstanceRegistry;
import dev.mariposa.bus.RedisBridgeVerticle;
import dev.mariposa.bus.tcp.TcpBridgeVerticle;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Role;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Exchanges;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.exchange.paper.Latency;
import dev.mariposa.exchange.paper.PaperExchange;
import dev.mariposa.http.AgentApi;
import dev.mariposa.http.ApiRateLimit;
import dev.mariposa.http.ApiRoutes;
import dev.mariposa.http.AuthApi;
import dev.mariposa.http.BearerAuth;
import dev.mariposa.http.ClusterApi;
import dev.mariposa.http.EventSchemaApi;
import dev.mariposa.http.HttpApiVerticle;
import dev.mariposa.http.IndicatorApi;
import dev.mariposa.http.OverviewApi;
import dev.mariposa.http.BacktestsApi;
import dev.mariposa.http.JobsApi;
import dev.mariposa.http.MarketApi;
import dev.mariposa.http.OrderCancelApi;
import dev.mariposa.http.PerformanceApi;
import dev.mariposa.http.PositionApi;
import dev.mariposa.http.RealMoneyAgents;
import dev.mariposa.http.ReconciliationApi;
import dev.mariposa.http.SessionApi;
import dev.mariposa.http.SignalApi;
import dev.mariposa.http.SignalCommands;
import dev.mariposa.http.SystemApi;
import dev.mariposa.http.TradeApi;
import dev.mariposa.backtest.runs.BacktestRunsVerticle;
import dev.mariposa.backtest.runs.DataFiles;
import dev.mariposa.backtest.runs.RunStore;
import dev.mariposa.jobs.BuiltInJobs;
import dev.mariposa.jobs.Job;
import dev.mariposa.jobs.JobKeys;
import dev.mariposa.jobs.JobsVerticle;
import dev.mariposa.kernel.RiskEngine;
import dev.mariposa.market.MarketFeedVerticle;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.market.ServedSymbols;
import dev.mariposa.market.swap.SwapMarketReader;
import dev.mariposa.metrics.PerformanceService;
import dev.mariposa.metrics.PerformanceVerticle;
import dev.mariposa.notify.NotifyVerticle;
import dev.mariposa.ops.HealthProcedures;
import dev.mariposa.ops.InstanceFigures;
import dev.mariposa.ops.InstanceFiguresVerticle;
import dev.mariposa.ops.RedisMemory;
import dev.mariposa.reconcile.DiscrepancyRepository;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.session.SessionRecorder;
import dev.mariposa.session.SessionStore;
import dev.mariposa.session.SessionVerticle;
import dev.mariposa.signal.AgentTurns;
import dev.mariposa.signal.ClusterOrderRate;
import dev.mariposa.signal.ClusterRiskState;
import dev.mariposa.signal.ExitDesk;
import dev.mariposa.signal.Halt;
import dev.mariposa.signal.InFlightOrders;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.signal.SignalRepository;
import dev.mariposa.signal.SignalVerticle;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.signal.TurnDecision;
import dev.mariposa.trade.FillRepository;
import dev.mariposa.trade.OrderRepository;
import dev.mariposa.trade.TradeExecutionVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every verticle with exactly the collaborators it uses, out of the
 * process-wide {@link Services}, which all instances share (Redis connections, the MongoDB client,
 * the caches, the meters). Each call builds a new verticle with its own collaborators, so a role
 * deployed as several instances ({@code instances.<role>}) gets separate per-instance state: an
 * exchange adapter's breaker and connections, the analysis models' clients. Nothing here is
 * started: a verticle's {@code start()} only wires its collaborators to the bus and timers.
 */
public final class Verticles {
  private static final Logger LOG = LoggerFactory.getLogger(Verticles.class);
  private final Vertx vertx;
  private final Services services;
  private final MariposaConfig config;

  public Verticles(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
    this.config = services.config();
  }

  /** The verticle of a role, one new instance per call. */
  public Supplier<Deployable> role(Role role) {
    return switch (role) {
      case FEED -> this::feed;
      case HTTP -> throw new IllegalArgumentException("the http role is deployed with its session recorder");
      case ANALYSIS -> this::analysis;
      case SIGNAL -> this::signal;
      case TRADE -> this::trade;
      case METRICS -> this::metrics;
      case JOBS -> () -> jobs(List.of());
      case SESSION -> this::session;
    };
  }

  /** The Redis bridge of the cluster bus; {@code self} describes this instance to the registry. */
  public RedisBridgeVerticle bridge(Supplier<JsonObject> self) {
    return new RedisBridgeVerticle(config, services.redis(), services.keys(), services.registry(), self);
  }

  public TcpBridgeVerticle tcpBridge(int port) {
    return new TcpBridgeVerticle(config, services.registry(), port);
  }

  public InstanceFiguresVerticle instanceFigures() {
    InstanceFigures figures = new InstanceFigures(services.registry(), config.instanceId(), services.eventLoopLag(),
        config, services.market());
    return new InstanceFiguresVerticle(config.instanceId(), figures, services.redis(), services.keys(),
        services.cache());
  }

  /** One per process: it records the sockets of every HTTP verticle instance. */
  public SessionRecorder sessionRecorder() {
    return new SessionRecorder(services.redis(), services.keys(), config.instanceId(), config.cache().sessionTtl(),
        config.session().seenWrite());
  }

  /** The http role: the API, its bridge (sockets recorded by {@code sessions}) and the dashboard. */
  public HttpApiVerticle api(SessionRecorder sessions) {
    BearerAuth auth = new BearerAuth(config.api());
    AgentRepository agents = agents();
    InstanceRegistry instances = instanceRegistry();
    AnalysisStore analyses = analysisStore();
    SignalCommands commands = new SignalCommands(vertx, config, agents, signalDesk(), analyses, halt(),
        services.market(), services.clock());
    ServedSymbols served = new ServedSymbols(vertx, config.market());
    RealMoneyAgents realMoney = new RealMoneyAgents(config, instances, services.cache(), services.keys(),
        services.market());
    List<ApiRoutes> routes = List.of(
        new ClusterApi(instances, config.instanceId()),
        new MarketApi(services.market(), served),
        new AgentApi(vertx, agents, analyses, realMoney, served, auth, config.ai()),
        new SignalApi(commands, auth),
        new TradeApi(new FillRepository(services.mongo()), new OrderRepository(services.mongo()), agents),
        new PerformanceApi(performance(), agents, config.cache(), services.redis(), services.clock()),
        new JobsApi(auth, services.redis(), services.keys(), services.cache()),
        new ReconciliationApi(new DiscrepancyRepository(services.mongo()), services.cache(), services.keys()),
        new SystemApi(config, instances, new TradeStream(services.redis(), services.keys()), signalQueue(),
            new RedisMemory(services.redis(), services.keys(), null), services.redis(), services.keys(),
            services.cache()),
        new EventSchemaApi(vertx, services.keys(), config.redis()),
        new SessionApi(new SessionStore(services.redis(), services.keys()), auth),
        new IndicatorApi(agents, services.market(), InstantSource.system()),
        new OverviewApi(agents, new AccountRepository(services.mongo()), performance(),
            new OrderRepository(services.mongo()), new TradeStream(services.redis(), services.keys()), instances,
            services.redis(), services.keys(), services.cache(), services.clock()),
        new BacktestsApi(vertx, auth, new RunStore(services.mongo()), agents, new DataFiles(config.backtests().dataDir())),
        new AuthApi(auth),
        new PositionApi(agents, accounts(), services.market()),
        new OrderCancelApi(new OrderRepository(services.mongo()), auth));
    ApiRateLimit rateLimit = new ApiRateLimit(rateLimiter(), services.redis(), services.keys(), auth,
        config.rateLimit(), services.registry());
    return HttpApiVerticle.api(config, services.httpPort(), services.registry(), health(),
        new HttpApiVerticle.Api(sessions, auth, rateLimit, commands, routes, services.market()));
  }

  /** /health and /metrics, on an instance without the http role. */
  public HttpApiVerticle opsOnly() {
    return HttpApiVerticle.opsOnly(config, services.httpPort(), services.registry(), health());
  }

  private HealthProcedures health() {
    return new HealthProcedures(config.health(), services.redis(), services.mongo(), services.eventLoopLag());
  }

  private InstanceRegistry instanceRegistry() {
    return new InstanceRegistry(services.redis(), services.keys());
  }

  public MarketFeedVerticle feed() {
    return new MarketFeedVerticle(config, config.instanceId(), services.redis(), services.keys(), services.scripts(),
        services.cache().codec(), services.market(), services.registry());
  }

  public AnalysisVerticle analysis() {
    AnalysisStore store = analysisStore();
    ModelRegistry models = ModelRegistry.live(vertx, config, store, rateLimiter(), services.keys(), services.cache(),
        services.registry());
    return new AnalysisVerticle(config, config.instanceId(), services.mongo(), services.market(), agents(), store,
        models, signalDesk(), services.registry(), services.clock());
  }

  public SignalVerticle signal() {
    InFlightOrders inFlight = inFlightOrders();
    SignalDesk desk = signalDesk();
    return new SignalVerticle(config.trade(), signalQueue(), desk, tradeStream(), turnDecision(inFlight, desk), inFlight,
        agentTurns(inFlight), agents(), services.registry(), services.clock());
  }

  public TradeExecutionVerticle trade() {
    InFlightOrders inFlight = inFlightOrders();
    SignalDesk desk = signalDesk();
    ExitDesk exits = new ExitDesk(signalQueue(), desk, agentTurns(inFlight), turnDecision(inFlight, desk),
        services.registry());
    return new TradeExecutionVerticle(config.trade(), config.instanceId(), tradeStream(), inFlight,
        new OrderRepository(services.mongo()), new FillRepository(services.mongo()), agents(), accounts(),
        exchanges(), exits, services.redis(), services.registry(), services.clock(), services.market(), halt());
  }

  /** The risk gate and the hand-off to the trade stream, as the signal role and the trade role's exits decide. */
  private TurnDecision turnDecision(InFlightOrders inFlight, SignalDesk desk) {
    Exchanges exchanges = exchanges();
    RiskEngine gate = new RiskEngine(
        new ClusterRiskState(services.market(), accounts(), inFlight, halt(), exchanges::of,
            new SwapMarketReader(services.redis(), new MarketKeys(services.keys()), services.clock().withZone(ZoneOffset.UTC))),
        new ClusterOrderRate(rateLimiter(), services.keys()));
    return new TurnDecision(gate, inFlight, tradeStream(), desk, signalQueue());
  }

  private AgentTurns agentTurns(InFlightOrders inFlight) {
    return new AgentTurns(services.redis(), services.scripts(), services.keys(), inFlight,
        config.trade().signalVisibility());
  }

  public PerformanceVerticle metrics() {
    return new PerformanceVerticle(config.instanceId(), performance(), agents(), signalQueue(),
        new TradeStream(services.redis(), services.keys()),
        services.redis(), services.keys(), services.registry(), services.clock());
  }

  /** The built-in jobs and {@code extra} ones (tests). */
  public JobsVerticle jobs(List<Job> extra) {
    List<Job> jobs = new ArrayList<>(BuiltInJobs.of(vertx, services, performance(), exchanges()));
    jobs.addAll(extra);
    return new JobsVerticle(config.instanceId(), services.redis(), services.keys(), services.cache(), jobs);
  }

  /** The jobs role's backtest runner: one per process, one run at a time. */
  public BacktestRunsVerticle backtestRuns() {
    return new BacktestRunsVerticle(config.instanceId(), new RunStore(services.mongo()), config, InstantSource.system());
  }

  /**
   * The notifier (Telegram bot, webhooks), with the jobs role when configured: its commands call
   * the services the HTTP routes call, here in the jobs process (which need not run the http role).
   */
  public NotifyVerticle notifier() {
    AgentRepository agents = agents();
    SignalCommands commands = new SignalCommands(vertx, config, agents, signalDesk(), analysisStore(), halt(),
        services.market(), services.clock());
    return NotifyVerticle.create(config, services.redis(), services.keys(), services.scripts(), rateLimiter(), commands,
        halt(), agents, accounts(), performance(), java.time.Clock.systemUTC(), services.registry());
  }

  public SessionVerticle session() {
    return new SessionVerticle(config, services.redis(), services.keys(), services.market(), services.registry());
  }

  /** The desk that queues and records signals (cluster-wide, through Redis and MongoDB). */
  public SignalDesk signalDesk() {
    return new SignalDesk(vertx, signalQueue(), new SignalRepository(services.mongo()), services.cache(),
        services.keys(), services.registry(), services.clock());
  }

  /** The exchanges of one verticle instance: paper always, OKX when configured. */
  public Exchanges exchanges() {
    PaperExchange paper = new PaperExchange(vertx, services.market(), services.mongo(), services.clock(),
        Fees.of(config.exchange().paper()), Latency.of(config.exchange().paper(), System.nanoTime()));
    Exchange okx = config.exchange().kind() == MariposaConfig.ExchangeKind.OKX
        ? new OkxExchange(vertx, config.exchange().okx(), rateLimiter(), services.keys())
        : Exchanges.okxDisabled();
    Exchanges exchanges = new Exchanges(paper, okx);
    // Whichever of the process's OKX connections comes back from an outage: what happened at the
    // venue meanwhile is unknown, so the cluster reconciles at once (one run however many ask).
    exchanges.venueAccount(Agent.Exchange.OKX).ifPresent(venue -> venue.onReconnected(() ->
        JobKeys.request(services.redis(), services.keys(), BuiltInJobs.VENUE_RECONCILIATION,
                "reconnect-" + config.instanceId())
            .onFailure(t -> LOG.warn("Venue reconciliation not requested after OKX came back: {}", t.getMessage()))));
    return exchanges;
  }

  public PerformanceService performance() {
    return new PerformanceService(config, services.redis(), services.keys(), services.cache(), services.mongo(),
        services.market(), services.clock(), services.registry());
  }

  private AnalysisStore analysisStore() {
    return new AnalysisStore(services.redis(), services.cache(), services.keys(), config.cache().analysisTtl());
  }

  private SignalQueue signalQueue() {
    return new SignalQueue(services.redis(), services.scripts(), services.keys());
  }

  private TradeStream tradeStream() {
    return new TradeStream(services.redis(), services.keys(), config.trade().streamMaxLength());
  }

  private InFlightOrders inFlightOrders() {
    return new InFlightOrders(services.redis(), services.keys());
  }

  private Halt halt() {
    return new Halt(services.redis(), services.cache(), services.keys());
  }

  private RateLimiter rateLimiter() {
    return new RateLimiter(services.redis(), services.scripts());
  }

  private AgentRepository agents() {
    return new AgentRepository(services.mongo());
  }

  private AccountRepository accounts() {
    return new AccountRepository(services.mongo());
  }
}
