package dev.mariposa.trade;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Exchanges;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.paper.PaperVenueFeed;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.kernel.ExitEngine;
import dev.mariposa.kernel.FundingRates;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.kernel.RestingOrderEngine;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.signal.ExitDesk;
import dev.mariposa.signal.Halt;
import dev.mariposa.signal.InFlightOrders;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.signal.TradeTicket;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trade role: one consumer of the trade stream's group per verticle instance (a stable name,
 * so a restarted instance first finishes what it held), executing each ticket with the kernel's
 * {@link ExecutionEngine} and acknowledging it once its outcome is durable. Entries idle longer
 * than the slowest handler (trade.claimIdleMs) are taken over (XAUTOCLAIM); the entries whose handler
 * still runs are touched every third of that, so only a dead or stalled consumer's are taken and a
 * slow exchange does not count as a delivery. One delivered more than trade.maxDeliveries times
 * goes to the dead-letter stream. Orders left unsettled are looked up at
 * start and every trade.reconcileMs. Open positions are watched on every tick for
 * their stop-loss, take-profit and trailing stop; those of a real-money account only on live
 * venue prices ({@link LiveExitPrices}); an exit is decided here when its agent has no order in
 * flight, and queued for the signal role otherwise ({@link ExitDesk}). Resting paper orders are fed
 * the market's prints by a {@link PaperVenueFeed}; one that fills or ends is resumed like any order.
 */
public final class TradeExecutionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TradeExecutionVerticle.class);
  private static final AtomicInteger COPIES = new AtomicInteger();
  private static final Duration BLOCK = Duration.ofSeconds(1);
  /** How often paper swap positions are looked at for the funding due (they pay every 8 hours). */
  private static final Duration FUNDING_CHECK = Duration.ofSeconds(30);
  private static final int BATCH = 32;
  private static final int IN_FLIGHT = 128;
  private static final int LOCAL_ATTEMPTS = 10;
  /** How often the symbols with resting paper orders are read again (an order rested here is followed at once). */
  private static final long PAPER_REFRESH_MS = 1_000;
  /**
   * A position's exit is offered again at most this often: every tick past a stop triggers it, and
   * the queue refuses the copies (one exit per position), but each copy costs a Redis script. Not
   * never again: a real-money exit refused for stale prices must be offered on the next live one.
   */
  private static final long EXIT_REOFFER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final MariposaConfig.Trade config;
  private final String instanceId;
  private final TradeStream stream;
  private final InFlightOrders unsettled;
  private final OrderRepository orders;
  private final FillRepository fills;
  private final AgentRepository agentRepository;
  private final AccountRepository accounts;
  private final Exchanges exchanges;
  private final ExitDesk exitDesk;
  private final RedisConnections redis;
  private final MeterRegistry meters;
  private final MarketClock clock;
  private final MarketDataService market;
  private final Halt halt;
  private final Map<String, MessageConsumer<Ticker>> tickers = new HashMap<>();
  private final Map<String, Agent> agents = new HashMap<>();
  private final Map<String, Account> openAccounts = new HashMap<>();
  /** The newest ticker of each symbol held, as the bus delivered it. */
  private final Map<String, Ticker> lastTickers = new HashMap<>();
  /** When each exit (by signal id) was last offered to the queue, System.nanoTime. */
  private final Map<String, Long> exitsOffered = new HashMap<>();
  /** The fill steps recorded of each resting entry this instance last saw (FillProgress's progressSeq). */
  private final Map<String, Integer> restingProgress = new HashMap<>();
  private LiveExitPrices liveExits;
  /** Feeds the resting paper orders the market's prints (replaces matching them on a timer). */
  private PaperVenueFeed paperVenue;
  private ExitEngine exits;
  /** Paper swap positions' liquidations and funding; the agent and symbol being liquidated, not asked twice. */
  private PaperMargins paperMargins;
  private final Set<String> liquidating = new HashSet<>();
  private ExecutionEngine executor;
  private RestingOrderEngine resting;
  private String consumer;
  private Redis client;
  private RedisConnection connection;
  private String claimCursor = "0-0";
  private boolean stopped;
  private int inFlight;
  /** Entries whose handler runs here; kept from looking idle to the group (see TradeStream.touch). */
  private final Set<String> working = new HashSet<>();
  private boolean waitingForRoom;

  /**
   * {@code exchanges} are this instance's (an adapter holds its breaker and connections);
   * {@code redis} gives the dedicated connection the blocking stream reads need; {@code exitDesk}
   * decides (or queues) the exits of watched positions.
   */
  public TradeExecutionVerticle(MariposaConfig.Trade config, String instanceId, TradeStream stream,
                                InFlightOrders unsettled, OrderRepository orders, FillRepository fills,
                                AgentRepository agentRepository, AccountRepository accounts, Exchanges exchanges,
                                ExitDesk exitDesk, RedisConnections redis, MeterRegistry meters, MarketClock clock,
                                MarketDataService market, Halt halt) {
    this.config = config;
    this.instanceId = instanceId;
    this.stream = stream;
    this.unsettled = unsettled;
    this.orders = orders;
    this.fills = fills;
    this.agentRepository = agentRepository;
    this.accounts = accounts;
    this.exchanges = exchanges;
    this.exitDesk = exitDesk;
    this.redis = redis;
    this.meters = meters;
    this.clock = clock;
    this.market = market;
    this.halt = halt;
  }

  @Override
  public Future<?> start() {
    consumer = instanceId + "-" + COPIES.getAndIncrement();
    liveExits = new LiveExitPrices(vertx.eventBus(), instanceId);
    exits = new ExitEngine((agent, ticker, now) ->
        liveExits.decidable(agent, realMoney(agent), ticker.symbol(), Optional.of(ticker), now), config.signalTtl());
    executor = LiveExecution.engine(vertx, new ExecutionEngine.Stores(orders, fills, accounts), this::exchangeNamed,
        this::startingBalance, meters, clock);
    paperMargins = new PaperMargins(accounts, fills, FundingRates.constant(FundingRates.MODELLED));
    vertx.setPeriodic(FUNDING_CHECK.toMillis(), id -> fundPaperSwaps());
    resting = new RestingOrderEngine(executor, orders, this::exchangeNamed,
        new LiveRestingWorld(market, halt, id -> Optional.ofNullable(agents.get(id)), clock), clock);
    Future<Void> listening = vertx.eventBus().<JsonObject>consumer(Addresses.AGENTS_CHANGED, m -> loadAgents())
        .completion();
    vertx.setPeriodic(Math.max(100, config.claimIdle().toMillis() / 3), id -> {
      stream.touch(consumer, working)
          .onFailure(t -> LOG.debug("Could not touch the trades in progress: {}", t.getMessage()));
      claimIdle();
    });
    vertx.setPeriodic(config.reconcile().toMillis(), id -> reconcile());
    vertx.setPeriodic(config.restingStep().toMillis(), id -> stepResting());
    vertx.setPeriodic(5_000, id -> watchPositions());
    paperVenue = new PaperVenueFeed(vertx, exchanges.paper(), PAPER_REFRESH_MS, this::restingChanged);
    paperVenue.start().onFailure(t -> LOG.warn("Resting paper orders not read yet, followed from the next read: {}",
        t.getMessage()));
    vertx.setPeriodic(1_000, id -> {
      checkExitPrices();
      long now = System.nanoTime();
      exitsOffered.values().removeIf(offered -> now - offered >= EXIT_REOFFER_NANOS);
    });
    loadAgents().onComplete(ar -> {
      reconcile();
      watchPositions();
    });
    stream.ensureGroup().onComplete(ar -> consume("0"));
    return listening;
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (paperVenue != null) {
      paperVenue.stop();
    }
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }

  private Exchange exchangeNamed(String name) {
    return exchanges.of("okx".equals(name) ? Agent.Exchange.OKX : Agent.Exchange.PAPER);
  }

  private BigDecimal startingBalance(String agentId) {
    Agent agent = agents.get(agentId);
    return BigDecimal.valueOf(agent == null ? 10_000 : agent.account().startingBalance());
  }

  /**
   * Reads the group on a connection of its own (XREADGROUP blocks). From "0" first: the entries
   * this consumer was given before a crash; then ">" for new ones. Entries are handled as they
   * come, up to {@value #IN_FLIGHT} at once: one slow placement does not hold up the others.
   */
  private void consume(String from) {
    if (stopped) {
      return;
    }
    if (inFlight >= IN_FLIGHT) {
      waitingForRoom = true;
      return;
    }
    connected()
        .compose(c -> stream.read(c, consumer, BATCH, from.equals("0") ? Duration.ZERO : BLOCK, from))
        .onComplete(ar -> {
          if (ar.failed()) {
            if (stopped) {
              return; // the connection was closed by stop()
            }
            LOG.warn("Trade stream read failed, retrying: {}", ar.cause().getMessage());
            dropConnection();
            vertx.setTimer(500, t -> consume(from));
            return;
          }
          TradeStream.Delivery delivery = ar.result();
          delivery.unreadable().forEach(id -> stream.deadLetter(id, null, "unreadable ticket"));
          for (TradeStream.Entry entry : delivery.entries()) {
            inFlight++;
            handle(entry).onComplete(done -> {
              inFlight--;
              if (waitingForRoom) {
                waitingForRoom = false;
                consume(">");
              }
            });
          }
          consume(">"); // what failed stays pending: claimIdle brings it back
        });
  }

  /**
   * Drives the entry's order to its outcome, then acknowledges it. A failure (a store or the
   * exchange slow or away) is retried here with backoff while the entry stays touched, so a
   * transient fault neither lets another consumer take it nor counts as a delivery; after
   * {@value #LOCAL_ATTEMPTS} attempts it is left to idle, and the group hands it on.
   */
  private Future<Void> handle(TradeStream.Entry entry) {
    if (!working.add(entry.id())) {
      return Future.succeededFuture(); // already in hand here (taken over from ourselves after a stall)
    }
    Promise<Void> done = Promise.promise();
    attempt(entry, 1, done);
    return done.future().onComplete(ar -> working.remove(entry.id()));
  }

  private void attempt(TradeStream.Entry entry, int attempt, Promise<Void> done) {
    if (attempt == 1 && entry.ticket().side() == Side.SELL) {
      cancelEntriesBefore(entry.ticket());
    }
    executor.execute(entry.ticket())
        .compose(order -> stream.ack(entry.id()).onSuccess(v -> settled(order)))
        .onSuccess(v -> done.complete())
        .onFailure(t -> {
          if (stopped || attempt >= LOCAL_ATTEMPTS) {
            LOG.warn("Trade {} ({}) not settled after {} attempts, left to the group: {}", entry.id(),
                entry.ticket().clOrdId(), attempt, t.getMessage());
            done.fail(t);
            return;
          }
          long delay = Math.min(config.claimIdle().toMillis() / 2, 250L << Math.min(attempt - 1, 6));
          LOG.info("Trade {} ({}) not settled yet, attempt {} again in {} ms: {}", entry.id(),
              entry.ticket().clOrdId(), attempt + 1, delay, t.getMessage());
          vertx.setTimer(delay, id -> attempt(entry, attempt + 1, done));
        });
  }

  /**
   * An order's outcome is durable: settled, it no longer counts as in flight for the risk gate; and
   * its agent's stops are watched from the fill on, not from the next periodic reload. A resting
   * entry keeps counting in flight until it is settled.
   */
  private void settled(JsonObject order) {
    String agentId = order.getString("agentId");
    if (!order.getBoolean("settled", false)) {
      // A resting entry: counted in flight, no longer awaited by the agent's next signals.
      unsettled.markResting(agentId, order.getString("_id")).compose(v -> exitDesk.wake(agentId))
          .onFailure(t -> LOG.debug("Resting entry {} not marked in flight: {}", order.getString("_id"), t.getMessage()));
      watchAccount(agentId); // what filled of it so far is in the position already
      return;
    }
    unsettled.remove(agentId, order.getString("_id"))
        .compose(v -> exitDesk.wake(agentId))
        .onFailure(t -> LOG.debug("In-flight entry of {} not removed, or its agent's signals not woken: {}",
            order.getString("_id"), t.getMessage()));
    watchAccount(agentId);
  }

  private void watchAccount(String agentId) {
    Agent agent = agents.get(agentId);
    if (agent != null) {
      accounts.lastWritten(agentId, BigDecimal.valueOf(agent.account().startingBalance())).onSuccess(this::watch);
    }
  }

  /**
   * A sell closes (part of) a position: the agent's resting entries in the symbol are cancelled, at
   * once and beside the sell (not before it: a stop-loss waits for no venue's cancel answer).
   */
  private void cancelEntriesBefore(TradeTicket sell) {
    Signal signal = sell.signal();
    resting.cancelEntries(signal.agentId(), signal.symbol(), "its position is being closed ("
            + signal.source().name().toLowerCase(Locale.ROOT) + " " + signal.action() + ")")
        .onSuccess(cancelled -> cancelled.stream().filter(o -> o.getBoolean("settled", false)).forEach(this::settled))
        .onFailure(t -> LOG.warn("Resting entries of {} in {} not cancelled yet, the next step does: {}",
            signal.agentId(), signal.symbol(), t.getMessage()));
  }

  /** Takes over entries another consumer has held too long (it died, or stalls). */
  private void claimIdle() {
    stream.claimIdle(consumer, config.claimIdle(), claimCursor, BATCH).onSuccess(claimed -> {
      claimCursor = claimed.next();
      claimed.unreadable().forEach(id -> stream.deadLetter(id, null, "unreadable ticket"));
      for (TradeStream.Entry entry : claimed.entries()) {
        if (working.contains(entry.id())) {
          continue; // our own, in hand: its handler ran past a touch (a stalled event loop)
        }
        stream.deliveries(entry.id()).onSuccess(count -> {
          if (count > config.maxDeliveries()) {
            LOG.error("Trade {} ({}) delivered {} times: moved to the dead-letter stream", entry.id(),
                entry.ticket().clOrdId(), count);
            stream.deadLetter(entry.id(), entry.ticket().toJson().encode(), "delivered " + count + " times without an outcome");
          } else {
            handle(entry);
          }
        });
      }
    });
  }

  /**
   * Orders not settled and untouched for longer than the slowest handler (trade.claimIdleMs):
   * their handler died, or never came; looked up at their exchange and finished.
   */
  private void reconcile() {
    // Wall time: orders' updatedAt is when a handler last touched them, not a decision's time.
    orders.unsettled(System.currentTimeMillis() - config.claimIdle().toMillis(), 100).onSuccess(open -> {
      for (JsonObject order : open) {
        executor.resume(order).onSuccess(this::settled)
            .onFailure(t -> LOG.debug("Reconciliation of {}: {}", order.getString("_id"), t.getMessage()));
      }
    });
  }

  /**
   * One step of every resting entry's life cycle (fills recorded, time to live, halt): those it
   * settles stop counting in flight.
   */
  private void stepResting() {
    resting.stepAll().onSuccess(stepped -> {
      for (JsonObject order : stepped) {
        Integer seq = order.getInteger("progressSeq", 0);
        if (order.getBoolean("settled", false)) {
          restingProgress.remove(order.getString("_id"));
          LOG.info("Resting entry {} of {} ended {}, {} filled{}", order.getString("_id"), order.getString("agentId"),
              order.getString("status"), order.getString("filledQuantity", "0"),
              order.containsKey("reason") ? ": " + order.getString("reason") : "");
          settled(order);
        } else if (!seq.equals(restingProgress.put(order.getString("_id"), seq))) {
          watchAccount(order.getString("agentId")); // it filled some more: its position grew
        }
      }
    }).onFailure(t -> LOG.debug("Resting orders not stepped: {}", t.getMessage()));
  }

  /** A resting paper order filled or ended (the paper venue's feed applied a print): its stored order goes on. */
  private void restingChanged(OrderState state) {
    orders.get(state.clOrdId()).onSuccess(order -> order.ifPresent(o -> executor.resume(o).onSuccess(this::settled)));
  }

  private Future<Void> loadAgents() {
    return agentRepository.all().onSuccess(all -> {
      agents.clear();
      all.forEach(a -> agents.put(a.id(), a));
    }).mapEmpty();
  }

  /** Follows the tickers of the symbols some agent holds; checks their stops on each tick. */
  private void watchPositions() {
    accounts.stored(agents.keySet()).onSuccess(all -> {
      Map<String, Account> stored = new HashMap<>();
      all.forEach(a -> stored.put(a.agentId(), a));
      openAccounts.keySet().removeIf(id -> !stored.containsKey(id));
      stored.values().forEach(this::watch);
    }).onFailure(t -> LOG.debug("Accounts not read, positions watched as they were: {}", t.getMessage()));
  }

  /** Watches one account as stored now (after a fill settled here, or on the periodic reload). */
  private void watch(Account stored) {
    Account known = openAccounts.get(stored.agentId());
    if (known != null) {
      known.positions().keySet().stream().filter(symbol -> !stored.positions().containsKey(symbol))
          .forEach(symbol -> liveExits.forget(stored.agentId(), symbol));
    }
    if (stored.positions().isEmpty()) {
      openAccounts.remove(stored.agentId());
    } else {
      openAccounts.put(stored.agentId(), PositionGuard.keepHighWater(stored, known));
    }
    Set<String> held = new HashSet<>();
    openAccounts.values().forEach(a -> held.addAll(a.positions().keySet()));
    held.forEach(symbol -> tickers.computeIfAbsent(symbol,
        s -> vertx.eventBus().<Ticker>consumer(Addresses.ticker(s), m -> onTick(s, m.body()))));
    tickers.entrySet().removeIf(e -> {
      if (!held.contains(e.getKey())) {
        e.getValue().unregister();
        lastTickers.remove(e.getKey());
        return true;
      }
      return false;
    });
  }

  private void onTick(String symbol, Ticker ticker) {
    lastTickers.put(symbol, ticker);
    List<ExitEngine.Holder> holders = openAccounts.values().stream().filter(a -> agents.containsKey(a.agentId()))
        .map(a -> new ExitEngine.Holder(agents.get(a.agentId()), a)).toList();
    for (PositionGuard.Watch watch : exits.onTicker(ticker, holders, clock.millis(symbol))) {
      openAccounts.put(watch.account().agentId(), watch.account());
      watch.exit().ifPresent(this::offerExit);
    }
    holders.stream().filter(h -> PaperMargins.settles(h.agent()) && h.account().positions().containsKey(symbol))
        .forEach(h -> liquidateIfReached(h.agent(), symbol, ticker));
  }

  /** A paper swap position whose liquidation price the mid reached: liquidated once, then watched as stored. */
  private void liquidateIfReached(Agent agent, String symbol, Ticker ticker) {
    String key = agent.id() + " " + symbol;
    Account known = openAccounts.get(agent.id());
    if (known == null || liquidating.contains(key)) {
      return;
    }
    liquidating.add(key);
    paperMargins.onMark(agent, known, symbol, ticker.mid(), clock.millis(symbol))
        .onSuccess(after -> after.ifPresent(this::watch))
        .onFailure(t -> LOG.warn("Paper liquidation of {} {} not booked, tried again on a later tick: {}", agent.id(),
            symbol, t.getMessage()))
        .onComplete(done -> liquidating.remove(key));
  }

  /** The paper swap positions' funding due, at the last mids. */
  private void fundPaperSwaps() {
    for (Account account : List.copyOf(openAccounts.values())) {
      Agent agent = agents.get(account.agentId());
      if (agent != null && PaperMargins.settles(agent)) {
        paperMargins.fund(agent, account, s -> Optional.ofNullable(lastTickers.get(s)).map(Ticker::mid), clock.millis())
            .onSuccess(after -> after.ifPresent(this::watch))
            .onFailure(t -> LOG.warn("Paper funding of {} not booked, tried again: {}", agent.id(), t.getMessage()));
      }
    }
  }

  private void offerExit(Signal exit) {
    long now = System.nanoTime();
    Long offered = exitsOffered.get(exit.id());
    Agent agent = agents.get(exit.agentId());
    if (agent != null && (offered == null || now - offered >= EXIT_REOFFER_NANOS)) {
      exitsOffered.put(exit.id(), now);
      exitDesk.exit(exit, agent, clock.millis(exit.symbol()))
          .onFailure(t -> LOG.warn("Exit {} not decided nor queued, offered again on a later tick: {}", exit.id(), t.getMessage()));
    }
  }

  /**
   * The real-money positions whose prices stopped coming (a feed that went quiet sends no tick to
   * decide on): their exits wait, and say so, from the moment the last ticker is too old.
   */
  private void checkExitPrices() {
    for (Account account : openAccounts.values()) {
      Agent agent = agents.get(account.agentId());
      if (agent != null && realMoney(agent)) {
        account.positions().keySet().forEach(symbol ->
            liveExits.decidable(agent, true, symbol, Optional.ofNullable(lastTickers.get(symbol)),
                clock.millis(symbol)));
      }
    }
  }

  private boolean realMoney(Agent agent) {
    return exchanges.of(agent.account().exchange()).realMoney();
  }

  private Future<RedisConnection> connected() {
    if (connection != null) {
      return Future.succeededFuture(connection);
    }
    client = redis.newDedicatedClient();
    return client.connect().onSuccess(c -> {
      connection = c;
      c.exceptionHandler(t -> dropConnection());
    });
  }

  private void dropConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
