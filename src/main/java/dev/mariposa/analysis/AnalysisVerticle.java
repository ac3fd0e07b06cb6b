package dev.mariposa.analysis;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.agent.DefaultAgents;
import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.indicators.MarketSeries;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.analysis.orderflow.OrderFlowParams;
import dev.mariposa.analysis.orderflow.OrderFlowSnapshot;
import dev.mariposa.analysis.orderflow.OrderFlowTracker;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.events.EventCodec;
import dev.mariposa.events.Ticker;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.market.Kline;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.redis.Backoff;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.Signals;
import dev.mariposa.store.MongoStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis role. Keeps a bounded bar series per symbol and interval that some agent trades
 * (warmed from the market cache at start, fed by closed klines), and at each close runs one batch
 * over that series' agents: indicators once, each model once, each agent's ensemble. One instance
 * of the cluster analyses each close (a claim in Redis); results are cached and published on
 * {@code analysis.result.<agentId>}. Optionally analyses on throttled ticks too. Agents using the
 * {@code orderflow} model also decide on their symbols' book and trade updates, at most once per
 * symbol per slot of event time ({@link OrderFlowTracker}), once in the cluster (a claim per slot).
 */
public final class AnalysisVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisVerticle.class);
  private static final Duration WANT_EVERY = Duration.ofSeconds(30);
  /** How often a series that is not warm looks in the cache again for the history it lacks. */
  private static final Duration REWARM_EVERY = Duration.ofSeconds(10);
  /** While warm-up fails (the exchange behind the cache is unreachable), tries back off to this. */
  private static final Duration REWARM_AT_MOST_EVERY = Duration.ofMinutes(5);

  private final MariposaConfig settings;
  private final MariposaConfig.Analysis config;
  private final String instanceId;
  private final MongoStore mongo;
  private final MarketDataService market;
  private final MeterRegistry meters;
  private final MarketClock clock;
  private final AgentRepository agents;
  private final AgentDirectory directory;
  private final AnalysisStore store;
  private final ModelRegistry models;
  private final BatchAnalyzer analyzer;
  private final SignalDesk signals;
  private final Map<SeriesKey, Feed> feeds = new HashMap<>();
  private final Map<String, Long> lastTickAnalysis = new HashMap<>();
  /** Made in start(): it listens on the bus. */
  private OrderFlowFollower orderFlow;
  private boolean reloading;
  private boolean reloadAgain;
  private Future<Void> currentReload = Future.succeededFuture();
  private Timer latency;
  private Counter claimsLost;
  /** The warm-up failure last logged (symbol left out): the same one again is not logged. */
  private String loggedWarmupFailure;

  /** A series, its kline consumer, and the bars that arrived while it was being warmed. */
  private final class Feed {
    final SeriesKey key;
    final Duration length;
    MarketSeries series;
    final List<JsonObject> pending = new ArrayList<>();
    long nextRewarm;
    final Backoff rewarmBackoff = new Backoff(REWARM_EVERY, REWARM_AT_MOST_EVERY);
    MessageConsumer<JsonObject> klines;
    MessageConsumer<Ticker> ticks;
    boolean warming = true;
    /** Just became warm: its last close is analysed once the feed publishes its ticker. */
    boolean analyseWhenLive;
    /** Analyses of one series run one after the other, so results come out in bar order. */
    Future<?> tail = Future.succeededFuture();

    Feed(SeriesKey key, Duration length) {
      this.key = key;
      this.length = length;
      this.series = newSeries();
    }

    MarketSeries newSeries() {
      return new MarketSeries(key.symbol(), key.interval(), config.seriesBars(), key.periods());
    }
  }

  /**
   * {@code models} are this instance's (they hold connections and breakers); {@code signals} offers
   * the signals of the bar closes this instance claims.
   */
  public AnalysisVerticle(MariposaConfig settings, String instanceId, MongoStore mongo, MarketDataService market,
                          AgentRepository agents, AnalysisStore store, ModelRegistry models, SignalDesk signals,
                          MeterRegistry meters, MarketClock clock) {
    this.settings = settings;
    this.config = settings.analysis();
    this.instanceId = instanceId;
    this.mongo = mongo;
    this.market = market;
    this.agents = agents;
    this.directory = new AgentDirectory(agents);
    this.store = store;
    this.models = models;
    this.analyzer = new BatchAnalyzer(models, instanceId, clock::millis);
    this.signals = signals;
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    EventCodec.register(vertx.eventBus()); // results are published as records
    orderFlow = new OrderFlowFollower(vertx.eventBus(), new OrderFlowTracker(OrderFlowParams.of(config.orderFlow())),
        this::analyseFlow);
    // Buckets for the cluster's p99 (histogram_quantile in the Grafana dashboard); percentiles for InstanceFigures.
    latency = Timer.builder("mariposa.analysis.latency").description("From a bar close (or tick) received to its analyses published")
        .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30)).register(meters);
    claimsLost = Counter.builder("mariposa.analysis.claims.lost")
        .description("Bar closes analysed by another instance of the cluster").register(meters);
    Gauge.builder("mariposa.analysis.series", feeds, Map::size).description("Bar series kept for agents")
        .register(meters);

    Future<?> listening = Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.AGENTS_CHANGED, m -> reload()).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.ANALYSIS_RUN, this::runNow).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.SYSTEM_STATUS, m -> onSystemStatus(m.body())).completion());
    vertx.setPeriodic(config.agentReload().toMillis(), id -> reload());
    vertx.setPeriodic(WANT_EVERY.toMillis(), id -> market.want(directory.symbols()));
    Future<?> seeded = config.seedAgents()
        ? mongo.ensureIndexes()
            .compose(v -> DefaultAgents.seedOnce(mongo, agents, settings, System.currentTimeMillis()))
            .onSuccess(created -> created.forEach(a -> vertx.eventBus().publish(Addresses.AGENTS_CHANGED,
                new JsonObject().put("id", a.id()).put("change", "created").put("version", a.version()))))
        : Future.succeededFuture();
    // Deployed means following the agents' bars: the first load is part of the start. But never
    // fail or hold the start on MongoDB: without it the role waits for agents, and says so.
    Future<Void> firstLoad = seeded.transform(ar -> reload())
        .timeout(settings.mongo().timeout().toMillis(), TimeUnit.MILLISECONDS)
        .otherwiseEmpty();
    return Future.all(listening, firstLoad);
  }

  @Override
  public Future<?> stop() {
    models.close();
    return Future.succeededFuture();
  }

  /**
   * Reloads every agent, then follows the series they trade (its kline consumers registered when
   * the future completes); changes during a reload queue one more. Never fails: a failed load is
   * logged and retried by the periodic reload.
   */
  private Future<Void> reload() {
    if (reloading) {
      reloadAgain = true;
      return currentReload;
    }
    reloading = true;
    return currentReload = directory.reload()
        .compose(v -> {
          Future<Void> followed = follow();
          market.want(directory.symbols());
          return followed;
        })
        .onFailure(t -> LOG.warn("Cannot load agents from MongoDB, will retry: {}", t.getMessage()))
        .onComplete(ar -> {
          reloading = false;
          if (reloadAgain) {
            reloadAgain = false;
            reload();
          }
        })
        .otherwiseEmpty();
  }

  /** Follows the agents' series; completes when the new series' consumers are registered. */
  private Future<Void> follow() {
    List<Future<Void>> registered = new ArrayList<>();
    for (SeriesKey key : directory.series()) {
      if (!feeds.containsKey(key)) {
        Kline.intervalLength(key.interval()).ifPresent(length -> registered.add(start(new Feed(key, length))));
      }
    }
    feeds.keySet().removeIf(key -> {
      if (directory.series().contains(key)) {
        return false;
      }
      Feed feed = feeds.get(key);
      feed.klines.unregister();
      if (feed.ticks != null) {
        feed.ticks.unregister();
      }
      return true;
    });
    registered.add(orderFlow.follow(directory.orderFlowSymbols()));
    return Future.all(registered).mapEmpty();
  }

  /**
   * A flow decision is due for {@code symbol}: the agents using {@code orderflow} on each of its
   * series decide, on whichever instance claims the slot, with the bar indicators as they are (none
   * before the first bar) and the live mid as the price.
   */
  private void analyseFlow(String symbol, long receivedAt) {
    Optional<OrderFlowSnapshot> flow = orderFlow.snapshot(symbol);
    if (flow.isEmpty()) {
      return;
    }
    String claim = "flow-" + orderFlow.slot(flow.get().time());
    for (Feed feed : feeds.values()) {
      List<Agent> trading = feed.key.symbol().equals(symbol)
          ? directory.agentsFor(feed.key).stream().filter(Agent::usesOrderFlow).toList() : List.of();
      if (trading.isEmpty()) {
        continue;
      }
      IndicatorSnapshot bars = feed.series.snapshot().orElseGet(() -> IndicatorSnapshot.beforeFirstBar(symbol, feed.key.interval()));
      Moment moment = new Moment(bars, feed.series.recentCloses(ModelInput.RECENT_CLOSES), flow.get().mid(), flow);
      feed.tail = feed.tail.transform(previous -> store.claim(feed.key, claim, config.claimTtl())
          .compose(won -> won ? analyze(feed, moment, trading, ModelInput.Trigger.FLOW, receivedAt, true)
              : Future.succeededFuture()));
    }
  }

  /** Starts following a series: its consumers at once (bars wait while it warms), then the warm-up. */
  private Future<Void> start(Feed feed) {
    feeds.put(feed.key, feed);
    feed.klines = vertx.eventBus().consumer(Addresses.kline(feed.key.symbol(), feed.key.interval()), m -> onKline(feed, m.body()));
    Future<Void> ticks = Future.succeededFuture();
    if (config.onTicks()) {
      feed.ticks = vertx.eventBus().<Ticker>consumer(Addresses.ticker(feed.key.symbol()), m -> onTick(feed, m.body()));
      ticks = feed.ticks.completion();
    }
    warm(feed);
    return Future.all(feed.klines.completion(), ticks).mapEmpty();
  }

  /**
   * Loads the series' history from the market cache into a fresh series, and keeps it if it holds
   * more than the current one (the feed may have written history after this role started: a
   * synthetic feed's simulated past, a restarted feed). Bars arriving meanwhile wait, then follow.
   * A series that becomes warm is analysed on its last close as soon as the feed publishes the
   * symbol (a kline, and a ticker to trade on), so its agents decide then rather than a bar later,
   * and the API stops showing the "warming up" result of before.
   */
  private void warm(Feed feed) {
    feed.warming = true;
    long now = System.currentTimeMillis();
    boolean wasWarm = feed.series.size() >= MarketSeries.WARMUP_BARS;
    market.klines(feed.key.symbol(), feed.key.interval(), Math.max(1, config.warmupBars()))
        .onComplete(ar -> {
          if (ar.failed()) {
            long delay = feed.rewarmBackoff.nextDelayMs();
            feed.nextRewarm = System.currentTimeMillis() + delay;
            warmupFailed(feed, ar.cause(), delay);
          } else {
            feed.rewarmBackoff.reset();
            feed.nextRewarm = now + REWARM_EVERY.toMillis();
          }
          MarketSeries fresh = feed.newSeries();
          for (JsonObject bar : ar.succeeded() ? ar.result() : List.<JsonObject>of()) {
            if (isClosed(bar, now)) {
              add(fresh, bar);
            }
          }
          if (fresh.size() > feed.series.size()) {
            feed.series = fresh;
            LOG.info("Analysis of {} warmed with {} bars", feed.key, fresh.size());
          }
          if (ar.succeeded() && loggedWarmupFailure != null && fresh.size() > 0) {
            LOG.info("Warm-up works again ({} read {} bars); it failed with: {}", feed.key, fresh.size(), loggedWarmupFailure);
            loggedWarmupFailure = null;
          }
          feed.warming = false;
          List<JsonObject> arrived = new ArrayList<>(feed.pending);
          feed.pending.clear();
          boolean closeArrived = arrived.stream().anyMatch(bar -> bar.getBoolean("closed", false));
          feed.analyseWhenLive = !wasWarm && !closeArrived && feed.series.size() >= MarketSeries.WARMUP_BARS;
          arrived.forEach(bar -> onKline(feed, bar));
        });
  }

  /**
   * Logged once, with when it is tried again; the same failure again (of any series: the symbol is
   * left out of the comparison) stays quiet until another one comes, or warm-up works.
   */
  private void warmupFailed(Feed feed, Throwable failure, long retryInMs) {
    String reason = String.valueOf(failure.getMessage());
    String same = failure.getClass().getName() + ": " + reason.replace(feed.key.symbol(), "*");
    if (same.equals(loggedWarmupFailure)) {
      LOG.debug("No warm-up bars for {} again: {}; next try in {} s", feed.key, reason, retryInMs / 1000);
      return;
    }
    loggedWarmupFailure = same;
    LOG.warn("No warm-up bars for {}: {}; trying again in {} s, then less often (at most every {} min) while it fails, "
        + "and at once when the market source changes; this is not logged again until warm-up works or fails otherwise",
        feed.key, reason, Math.max(1, retryInMs / 1000), REWARM_AT_MOST_EVERY.toMinutes());
  }

  /** A feed announced a change of source (a synthetic fallback): series that are not warm look again now. */
  private void onSystemStatus(JsonObject status) {
    if (status == null || !"feed".equals(status.getString("component"))) {
      return;
    }
    for (Feed feed : feeds.values()) {
      if (feed.series.size() < MarketSeries.WARMUP_BARS) {
        feed.rewarmBackoff.reset();
        feed.nextRewarm = 0;
      }
    }
  }

  /** The series became warm: its last bar, if it is the latest close, is analysed now (once per cluster). */
  private void analyseWarmed(Feed feed, long now) {
    Optional<IndicatorSnapshot> last = feed.series.snapshot();
    if (last.isEmpty() || last.get().closeTime() < now - feed.length.toMillis()) {
      return; // an older bar: the next close comes sooner than its analysis would be worth
    }
    analyseClose(feed, last.get().openTime() + "-warm", now);
  }

  private void onKline(Feed feed, JsonObject bar) {
    if (!feed.warming && feed.series.size() < MarketSeries.WARMUP_BARS && System.currentTimeMillis() >= feed.nextRewarm) {
      warm(feed);
    }
    if (feed.analyseWhenLive && !feed.warming) {
      feed.analyseWhenLive = false;
      if (!bar.getBoolean("closed", false)) { // a close is analysed below anyway: a newer bar
        Optional<Long> last = feed.series.snapshot().map(IndicatorSnapshot::openTime);
        market.latestTicker(feed.key.symbol()).onComplete(ticker -> {
          if (!last.equals(feed.series.snapshot().map(IndicatorSnapshot::openTime))) {
            return; // a close came meanwhile, and was analysed
          }
          if (ticker.succeeded() && ticker.result().isPresent()) {
            analyseWarmed(feed, System.currentTimeMillis());
          } else {
            feed.analyseWhenLive = true; // not cached yet: the next kline looks again
          }
        });
      }
    }
    if (!bar.getBoolean("closed", false)) {
      return;
    }
    if (feed.warming) {
      feed.pending.add(bar);
      return;
    }
    if (!add(feed.series, bar) || feeds.get(feed.key) != feed) {
      return;
    }
    analyseClose(feed, Long.toString(bar.getLong("openTime")), bar.getLong("receivedAt", clock.millis()));
  }

  /** The series' last close, analysed by the one instance of the cluster that wins {@code claim}. */
  private void analyseClose(Feed feed, String claim, long receivedAt) {
    List<Agent> trading = directory.agentsFor(feed.key);
    if (trading.isEmpty()) {
      return;
    }
    Moment moment = moment(feed, Double.NaN);
    feed.tail = feed.tail.transform(previous -> store.claim(feed.key, claim, config.claimTtl())
        .compose(won -> {
          if (!won) {
            claimsLost.increment();
            return Future.succeededFuture();
          }
          return analyze(feed, moment, trading, ModelInput.Trigger.BAR, receivedAt, true);
        })
        .onFailure(t -> LOG.debug("Cannot analyse the {} close: {}", feed.key, t.getMessage())));
  }

  /** The series as it is now: taken before any asynchronous step, while the next bar cannot have arrived. */
  private record Moment(IndicatorSnapshot snapshot, List<Double> closes, double price, Optional<OrderFlowSnapshot> flow) {}

  private Moment moment(Feed feed, double price) {
    var snapshot = feed.series.snapshot().orElseThrow();
    return new Moment(snapshot, feed.series.recentCloses(ModelInput.RECENT_CLOSES), Double.isFinite(price) ? price : snapshot.close(),
        orderFlow.snapshot(feed.key.symbol()));
  }

  /** Throttled per symbol and cluster: one tick analysis per tickInterval, on whichever instance claims it. */
  private void onTick(Feed feed, Ticker ticker) {
    long now = System.currentTimeMillis();
    long slot = now / config.tickInterval().toMillis();
    Long last = lastTickAnalysis.get(feed.key.toString());
    if (feed.warming || (last != null && last == slot) || feed.series.snapshot().isEmpty()) {
      return;
    }
    lastTickAnalysis.put(feed.key.toString(), slot);
    double price = ticker.mid().doubleValue(); // exact: a double sum of the quotes is not
    List<Agent> trading = directory.agentsFor(feed.key);
    if (trading.isEmpty() || !Double.isFinite(price)) {
      return;
    }
    Moment moment = moment(feed, price);
    long receivedAt = ticker.receivedAt();
    feed.tail = feed.tail.transform(previous -> store.claim(feed.key, "tick-" + slot, config.tickInterval())
        .compose(won -> won ? analyze(feed, moment, trading, ModelInput.Trigger.TICK, receivedAt, true) : Future.succeededFuture()));
  }

  /**
   * Runs one batch, publishes it and, with {@code offer}, queues its signals; the future holds the
   * results. Only the instance that runs an analysis (it won the claim, or was asked) offers its
   * signals: the queue is in Redis, so this works in a process without the signal role.
   */
  private Future<List<AnalysisResult>> analyze(Feed feed, Moment moment, List<Agent> trading, ModelInput.Trigger trigger,
                                           long since, boolean offer) {
    return market.latestOrderBook(feed.key.symbol(), BookFeatures.DEPTH)
        .map(book -> book.flatMap(BookFeatures::of))
        .otherwise(Optional.empty())
        .compose(book -> analyzer.run(new ModelInput(moment.snapshot(), book, moment.closes(), moment.price(), trigger,
            moment.flow()), trading, since))
        .compose(results -> store.saveAll(results.stream().map(AnalysisResult::toJson).toList(), trigger == ModelInput.Trigger.BAR)
            .onFailure(t -> LOG.warn("Analyses of {} not cached: {}", feed.key, t.getMessage()))
            .otherwiseEmpty()
            .map(results))
        .onSuccess(results -> {
          for (AnalysisResult result : results) {
            vertx.eventBus().publish(Addresses.analysis(result.agentId()), result);
          }
          // The clock's: a replayed trigger's receivedAt is its recorded time.
          latency.record(Math.max(0, clock.millis() - since), TimeUnit.MILLISECONDS);
          Counter.builder("mariposa.analysis.results").tag("trigger", trigger.name().toLowerCase(java.util.Locale.ROOT))
              .description("Analysis results published").register(meters).increment(results.size());
        })
        .compose(results -> offer ? offerSignals(results).map(results) : Future.succeededFuture(results))
        .onFailure(t -> LOG.warn("Analysis of {} failed: {}", feed.key, t.getMessage(), t));
  }

  /** Each result that says buy or sell, offered once to the signal queue; a failed offer is logged, never fails the analysis. */
  private Future<Void> offerSignals(List<AnalysisResult> results) {
    List<Future<Boolean>> offered = results.stream() // at decision time: a replay's signals live in replayed time
        .flatMap(result -> Signals.fromAnalysis(result, clock.millis(result.symbol()),
            settings.trade().signalTtl()).stream())
        .map(signal -> signals.submit(signal)
            .onFailure(t -> LOG.warn("Signal {} not queued: {}", signal.id(), t.getMessage())))
        .toList();
    return Future.join(offered).<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * {@code {agentId, offerSignals?}}: analyses the agent on each of its symbols now, on the last
   * closed bar, and queues the results' signals unless {@code offerSignals} is false (the caller
   * queues them itself, to answer which were new).
   */
  private void runNow(Message<JsonObject> request) {
    String id = request.body() == null ? null : request.body().getString("agentId");
    boolean offer = request.body() == null || request.body().getBoolean("offerSignals", true);
    Optional<Agent> agent = id == null ? Optional.empty() : directory.get(id);
    if (agent.isEmpty()) {
      request.fail(404, "No agent " + id + " here");
      return;
    }
    List<Future<List<AnalysisResult>>> runs = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String symbol : agent.get().symbols()) {
      Feed feed = feeds.get(SeriesKey.of(symbol, agent.get()));
      if (feed != null && !feed.warming && feed.series.snapshot().isPresent()) {
        runs.add(analyze(feed, moment(feed, Double.NaN), List.of(agent.get()), ModelInput.Trigger.REQUEST, now, offer));
      }
    }
    Future.all(runs).onComplete(ar -> {
      JsonArray results = new JsonArray();
      runs.stream().filter(Future::succeeded).forEach(f -> f.result().forEach(r -> results.add(r.toJson())));
      request.reply(new JsonObject().put("results", results));
    });
  }

  private static boolean isClosed(JsonObject bar, long now) {
    return bar.getBoolean("closed", true) && bar.getLong("closeTime", Long.MAX_VALUE) < now;
  }

  private static boolean add(MarketSeries series, JsonObject bar) {
    return series.add(bar.getLong("openTime"), bar.getLong("closeTime"), bar.getDouble("open"), bar.getDouble("high"),
        bar.getDouble("low"), bar.getDouble("close"), bar.getDouble("volume"));
  }
}
