package dev.mariposa.kernel;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.paper.PaperMatching;
import dev.mariposa.kernel.memory.InMemoryOrderRate;
import dev.mariposa.kernel.port.RiskStatePort;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.signal.InFlightOrder;
import dev.mariposa.signal.RiskRules;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.TradeTicket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check of the risk engine, on in-memory ports (no Vert.x instance, no Redis, no MongoDB):
 * for each a signal it rejects, naming the numbers, and one just inside the limit that passes;
 * and the sizing of buys and sells. Every case has its own agent (accounts, rate limits) and its
 * own symbol. The Redis and MongoDB adapters of the same ports are proven by
 * {@code signal.ClusterRiskIT}.
 */
class RiskEngineTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  /** Mid price of every ticker here unless a test says otherwise: (99 + 101) / 2. */
  private static final double BID = 99;
  private static final double ASK = 101;
  /** The time of every check: the engine reads no clock but its argument. */
  private static final long NOW = Instant.parse("2024-09-21T12:00:00Z").toEpochMilli();

  private final State state = new State();
  private final Halt halt = new Halt();
  private final InFlight inFlight = new InFlight();
  private final RiskEngine gate = new RiskEngine(state, new InMemoryOrderRate());

  /** The stores the engine reads, as maps. */
  private final class State implements RiskStatePort {
    Optional<JsonObject> halted = Optional.empty();
    final Map<String, LatestTicker> tickers = new HashMap<>();
    final Map<String, Account> accounts = new HashMap<>();
    final Map<String, Map<String, InFlightOrder>> pending = new HashMap<>();

    @Override
    public Future<Optional<JsonObject>> halt() {
      return Future.succeededFuture(halted);
    }

    @Override
    public Future<Optional<LatestTicker>> ticker(String symbol) {
      return Future.succeededFuture(Optional.ofNullable(tickers.get(symbol)));
    }

    @Override
    public boolean realMoney(Agent agent) {
      return false;
    }

    @Override
    public Future<Account> account(Agent agent) {
      return Future.succeededFuture(accounts.getOrDefault(agent.id(),
          Account.open(agent.id(), BigDecimal.valueOf(agent.account().startingBalance()))));
    }

    @Override
    public Future<List<InFlightOrder>> inFlight(Agent agent, long now) {
      return Future.succeededFuture(new ArrayList<>(pending.getOrDefault(agent.id(), Map.of()).values()));
    }

    @Override
    public Future<Instrument> instrument(Agent agent, String symbol) {
      return Future.succeededFuture(PaperMatching.instrument(symbol));
    }
  }

  /** The halt switch of these tests. */
  private final class Halt {
    void set(boolean halted, String reason, String by) {
      state.halted = halted ? Optional.of(new JsonObject().put("halted", true).put("reason", reason).put("by", by))
          : Optional.empty();
    }
  }

  /** The orders in flight of these tests, as the signal role and the trade role keep them. */
  private final class InFlight {
    void add(TradeTicket ticket) {
      state.pending.computeIfAbsent(ticket.signal().agentId(), id -> new LinkedHashMap<>()).put(ticket.clOrdId(),
          InFlightOrder.of(ticket));
    }

    void remove(String agentId, String clOrdId) {
      state.pending.getOrDefault(agentId, new HashMap<>()).remove(clOrdId);
    }
  }

  // ---- fixtures ---------------------------------------------------------------------------

  /** limits(maxOpenPositions, maxPositionNotional, maxOrdersPerMinute, dailyLoss, drawdownPct, cooldownS, tickerAgeS). */
  static Agent.RiskLimits limits(int maxOpen, double maxNotional, int perMinute, double dailyLoss, double drawdownPct,
                                 int cooldownSeconds, int tickerAgeSeconds) {
    return new Agent.RiskLimits(maxOpen, maxNotional, perMinute, dailyLoss, drawdownPct, cooldownSeconds, tickerAgeSeconds,
        1.0, 2.0, 0);
  }

  static Agent.RiskLimits generous() {
    return limits(5, 1_000, 100, 200, 10, 60, 5);
  }

  static Agent agent(String id, List<String> symbols, Agent.RiskLimits risk) {
    return agent(id, symbols, risk, true);
  }

  static Agent agent(String id, List<String> symbols, Agent.RiskLimits risk, boolean enabled) {
    return new Agent(id, id, symbols, "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.5, 0.5, risk,
        new Agent.Account(Agent.Exchange.PAPER, 10_000), enabled, 0, 0, 1);
  }

  static String uniqueAgent(String what) {
    return "risk-" + what + "-" + SEQ.incrementAndGet();
  }

  static String uniqueSymbol() {
    return "T" + SEQ.incrementAndGet() + "USDT";
  }

  static Signal signal(Agent agent, String symbol, Signal.Action action, long now) {
    return signal(agent, symbol, action, Signal.Source.ANALYSIS, now);
  }

  static Signal signal(Agent agent, String symbol, Signal.Action action, Signal.Source source, long now) {
    int n = SEQ.incrementAndGet();
    return new Signal(agent.id() + ":" + symbol + ":" + n + ":" + action, agent.id(), symbol, action, 0.8,
        source == Signal.Source.EXIT ? Signal.EXIT_PRIORITY : 40, (BID + ASK) / 2, n, source, now, now + 30_000,
        List.of("test"));
  }

  void ticker(String symbol, long receivedAt) {
    ticker(symbol, BID, ASK, receivedAt);
  }

  void ticker(String symbol, double bid, double ask, long receivedAt) {
    state.tickers.put(symbol, LatestTicker.of(quote(symbol, bid, ask, receivedAt)));
  }

  static Ticker quote(String symbol, double bid, double ask, long receivedAt) {
    return Ticker.quote(symbol, "test", receivedAt, receivedAt, BigDecimal.valueOf(bid), BigDecimal.ONE,
        BigDecimal.valueOf(ask), BigDecimal.ONE);
  }

  static Account.Position position(String symbol, String quantity, String average) {
    return new Account.Position(symbol, new BigDecimal(quantity), new BigDecimal(average), 1, new BigDecimal(average));
  }

  /** The agent's account: cash, positions, today's realized profit, the equity peak, the last loss. */
  void account(Agent agent, String cash, Map<String, Account.Position> positions, String realizedToday, String day,
               String peak, long lastLossAt) {
    BigDecimal start = BigDecimal.valueOf(agent.account().startingBalance());
    state.accounts.put(agent.id(), new Account(agent.id(), start, new BigDecimal(cash), positions,
        new BigDecimal(realizedToday), new BigDecimal(realizedToday), day, BigDecimal.ZERO, new BigDecimal(peak), lastLossAt,
        0, List.of(), 0));
  }

  void account(Agent agent, String cash, Map<String, Account.Position> positions) {
    account(agent, cash, positions, "0", "", "0", 0);
  }

  static String utcDay(long at) {
    return Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** The engine's verdict, which in-memory ports give at once. */
  RiskRules.Verdict check(Signal signal, Agent agent, long now) {
    Future<RiskRules.Verdict> verdict = gate.check(signal, agent, now);
    assertThat(verdict.isComplete()).as("decided at once on in-memory ports").isTrue();
    return verdict.result();
  }

  static void assertRejected(RiskRules.Verdict verdict, String check, String... reasonParts) {
    assertThat(verdict.approved()).as("rejected: " + verdict).isFalse();
    assertThat(verdict.check()).as(verdict.reason()).isEqualTo(check);
    for (String part : reasonParts) {
      assertThat(verdict.reason()).contains(part);
    }
  }

  static TradeTicket assertApproved(RiskRules.Verdict verdict) {
    assertThat(verdict.approved()).as("approved, but " + verdict.check() + ": " + verdict.reason()).isTrue();
    assertThat(verdict.check()).isEqualTo("approved");
    return verdict.ticket().orElseThrow();
  }

  // ---- the checks -------------------------------------------------------------------------

  @Test
  void ordersApprovedAndNotSettledCountAsFilled() {
    String symbol = uniqueSymbol();
    Agent a = agent(uniqueAgent("inflight"), List.of(symbol), limits(1, 1_000, 100, 200, 10, 0, 5));
    account(a, "10000", Map.of());
    long now = NOW;
    ticker(symbol, now);

    TradeTicket first = assertApproved(check(signal(a, symbol, Signal.Action.BUY, now), a, now));
    inFlight.add(first); // as the signal role does before the trade stream
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "max_position_notional", "being bought");
    String other = uniqueSymbol();
    ticker(other, now);
    Agent b = agent(a.id(), List.of(symbol, other), limits(1, 1_000, 100, 200, 10, 0, 5));
    assertRejected(check(signal(b, other, Signal.Action.BUY, now), b, now), "max_open_positions", "or opening");

    inFlight.remove(a.id(), first.clOrdId()); // settled: the account holds it now
    account(a, "9000", Map.of(symbol, position(symbol, first.quantity().toPlainString(), "100")));
    TradeTicket sell = assertApproved(check(signal(a, symbol, Signal.Action.SELL, now), a, now));
    inFlight.add(sell);
    assertRejected(check(signal(a, symbol, Signal.Action.CLOSE, Signal.Source.EXIT, now), a, now), "no_position",
        "being sold already");
  }

  @Test
  void anIocAgentsBuyIsALimitAFewBasisPointsAboveTheMidAndItsExitsAreMarketOrders() {
    String symbol = uniqueSymbol();
    Agent market = agent(uniqueAgent("style"), List.of(symbol), generous());
    Agent ioc = new Agent(market.id(), market.name(), market.symbols(), market.interval(), market.models(),
        market.minConfidence(), market.agreement(), market.risk(), market.account(),
        new dev.mariposa.agent.Execution(dev.mariposa.agent.Execution.Type.IOC, 15), true, 0, 0, 1);
    account(ioc, "10000", Map.of());
    long now = NOW;
    ticker(symbol, 99.99, 100.01, now); // mid 100

    TradeTicket plain = assertApproved(check(signal(market, symbol, Signal.Action.BUY, now), market, now));
    assertThat(plain.orderType()).isEqualTo(dev.mariposa.exchange.OrderRequest.Type.MARKET);
    assertThat(plain.limitPrice()).isEmpty();
    TradeTicket limited = assertApproved(check(signal(ioc, symbol, Signal.Action.BUY, now), ioc, now));
    assertThat(limited.orderType()).isEqualTo(dev.mariposa.exchange.OrderRequest.Type.IOC);
    // 100 × (1 + 15 / 10000) = 100.15 (the paper instrument's tick is 1e-8).
    assertThat(limited.limitPrice()).hasValueSatisfying(px -> assertThat(px).isEqualByComparingTo("100.15"));
    TradeTicket carried = TradeTicket.fromJson(limited.toJson()); // as the trade stream carries it
    assertThat(carried.orderType()).isEqualTo(limited.orderType());
    assertThat(carried.limitPrice()).hasValueSatisfying(px -> assertThat(px).isEqualByComparingTo("100.15"));

    account(ioc, "9000", Map.of(symbol, position(symbol, "1", "100")));
    TradeTicket exit = assertApproved(check(signal(ioc, symbol, Signal.Action.CLOSE, Signal.Source.EXIT, now), ioc, now));
    assertThat(exit.orderType()).as("a stop-loss must get out").isEqualTo(dev.mariposa.exchange.OrderRequest.Type.MARKET);
  }

  @Test
  void haltRejectsAllButExitsAndAskedCloses() {
    String symbol = uniqueSymbol();
    Agent a = agent(uniqueAgent("halt"), List.of(symbol), generous());
    account(a, "10000", Map.of(symbol, position(symbol, "2", "100")), "0", "", "10200", 0);
    long now = NOW;
    ticker(symbol, now);
    halt.set(true, "exchange maintenance 42", "test");
    try {
      assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "halt", "trading is halted",
          "exchange maintenance 42");
      assertRejected(check(signal(a, symbol, Signal.Action.SELL, Signal.Source.API, now), a, now), "halt",
          "exchange maintenance 42");
      assertRejected(check(signal(a, symbol, Signal.Action.CLOSE, now), a, now), "halt");
      TradeTicket asked = assertApproved(check(signal(a, symbol, Signal.Action.CLOSE, Signal.Source.API, now), a, now));
      assertThat(asked.side()).isEqualTo(Side.SELL);
      assertThat(asked.quantity()).isEqualByComparingTo("2");

      TradeTicket exit = assertApproved(check(signal(a, symbol, Signal.Action.CLOSE, Signal.Source.EXIT, now), a, now));
      assertThat(exit.side()).isEqualTo(Side.SELL);
      assertThat(exit.quantity()).isEqualByComparingTo("2");
    } finally {
      halt.set(false, "resumed", "test");
    }
    long later = now + 1_000;
    assertApproved(check(signal(a, symbol, Signal.Action.BUY, later), a, later));
  }

  @Test
  void agentDisabledOrNotTradingTheSymbol() {
    String symbol = uniqueSymbol();
    String other = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);
    ticker(other, now);
    String id = uniqueAgent("agent");
    Agent disabled = agent(id, List.of(symbol), generous(), false);
    assertRejected(check(signal(disabled, symbol, Signal.Action.BUY, now), disabled, now), "agent",
        "agent " + id + " is disabled");

    Agent enabled = agent(id, List.of(symbol), generous(), true);
    assertRejected(check(signal(enabled, other, Signal.Action.BUY, now), enabled, now), "agent",
        "agent " + id + " does not trade " + other);
    assertApproved(check(signal(enabled, symbol, Signal.Action.BUY, now), enabled, now));
  }

  @Test
  void staleOrMissingTicker() {
    String missing = uniqueSymbol();
    String old = uniqueSymbol();
    String edge = uniqueSymbol();
    String flagged = uniqueSymbol();
    Agent a = agent(uniqueAgent("stale"), List.of(missing, old, edge, flagged), limits(5, 1_000, 100, 200, 10, 60, 5));
    long now = NOW;

    assertRejected(check(signal(a, missing, Signal.Action.BUY, now), a, now), "stale_market_data", "no ticker");

    ticker(old, now - 5_001);
    assertRejected(check(signal(a, old, Signal.Action.BUY, now), a, now), "stale_market_data",
        "the ticker is 5001 ms old", "the limit is 5 s");

    state.tickers.put(flagged, new LatestTicker(quote(flagged, BID, ASK, now), true));
    assertRejected(check(signal(a, flagged, Signal.Action.BUY, now), a, now), "stale_market_data", "0 ms old");

    ticker(edge, now - 5_000); // exactly the limit: still fresh enough
    assertApproved(check(signal(a, edge, Signal.Action.BUY, now), a, now));
  }

  @Test
  void sellOrCloseNeedsAPosition() {
    String symbol = uniqueSymbol();
    String dust = uniqueSymbol();
    String lot = uniqueSymbol();
    Agent a = agent(uniqueAgent("noposition"), List.of(symbol, dust, lot), generous());
    long now = NOW;
    ticker(symbol, now);
    ticker(dust, now);
    ticker(lot, 499_999, 500_001, now); // one lot (0.00001) is worth the minimum order value, 5

    assertRejected(check(signal(a, symbol, Signal.Action.SELL, now), a, now), "no_position",
        "no " + symbol + " position to sell");
    assertRejected(check(signal(a, symbol, Signal.Action.CLOSE, now), a, now), "no_position", symbol);

    Map<String, Account.Position> held = new LinkedHashMap<>();
    held.put(dust, position(dust, "0.000009", "100")); // below one lot: nothing to sell
    held.put(lot, position(lot, "0.00001", "500000")); // exactly one lot
    account(a, "10000", held, "0", "", "10005.001", 0);
    assertRejected(check(signal(a, dust, Signal.Action.SELL, now), a, now), "no_position", dust);
    TradeTicket sell = assertApproved(check(signal(a, lot, Signal.Action.CLOSE, now), a, now));
    assertThat(sell.side()).isEqualTo(Side.SELL);
    assertThat(sell.quantity()).isEqualByComparingTo("0.00001");
  }

  @Test
  void cooldownAfterALoss() {
    String symbol = uniqueSymbol();
    Agent a = agent(uniqueAgent("cooldown"), List.of(symbol), limits(5, 1_000, 100, 200, 10, 60, 5));
    long now = NOW;
    ticker(symbol, now);
    long lossAt = now - 59_999;
    account(a, "10000", Map.of(), "0", "", "10000", lossAt);
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "cooldown",
        "cooling down after a loss until " + Instant.ofEpochMilli(lossAt + 60_000));

    Agent b = agent(uniqueAgent("cooldown"), List.of(symbol), limits(5, 1_000, 100, 200, 10, 60, 5));
    account(b, "10000", Map.of(), "0", "", "10000", now - 60_000); // the cooldown just ended
    assertApproved(check(signal(b, symbol, Signal.Action.BUY, now), b, now));
  }

  @Test
  void dailyLossLimit() {
    String symbol = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);
    String today = utcDay(now);
    Agent.RiskLimits risk = limits(5, 1_000, 100, 200, 50, 0, 5);

    Agent a = agent(uniqueAgent("daily"), List.of(symbol), risk);
    account(a, "9800", Map.of(), "-200", today, "10000", 0);
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "daily_loss_limit",
        "lost 200.00 today", "the limit is 200.0");

    Agent b = agent(uniqueAgent("daily"), List.of(symbol), risk);
    account(b, "9800.01", Map.of(), "-199.99", today, "10000", 0);
    assertApproved(check(signal(b, symbol, Signal.Action.BUY, now), b, now));

    // Yesterday's losses do not count today.
    Agent c = agent(uniqueAgent("daily"), List.of(symbol), risk);
    account(c, "9500", Map.of(), "-500", utcDay(now - 86_400_000L), "10000", 0);
    assertApproved(check(signal(c, symbol, Signal.Action.BUY, now), c, now));
  }

  @Test
  void drawdownLimit() {
    String symbol = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);
    Agent.RiskLimits risk = limits(5, 1_000, 100, 10_000, 10, 0, 5);

    Agent a = agent(uniqueAgent("drawdown"), List.of(symbol), risk);
    account(a, "9000", Map.of(), "0", "", "10000", 0);
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "drawdown_limit",
        "drawdown 10.00% from the peak", "the limit is 10.0%");

    // The position counts at the ticker's mid (100): 8500 + 5 x 100 = 9000, 10% below 10000.
    Agent m = agent(uniqueAgent("drawdown"), List.of(symbol), risk);
    account(m, "8500", Map.of(symbol, position(symbol, "5", "300")), "0", "", "10000", 0);
    assertRejected(check(signal(m, symbol, Signal.Action.BUY, now), m, now), "drawdown_limit", "drawdown 10.00%");

    Agent b = agent(uniqueAgent("drawdown"), List.of(symbol), risk);
    account(b, "9000.01", Map.of(), "0", "", "10000", 0);
    assertApproved(check(signal(b, symbol, Signal.Action.BUY, now), b, now));
  }

  @Test
  void maxOpenPositions() {
    String symbol = uniqueSymbol();
    String x = uniqueSymbol();
    String y = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);
    ticker(x, now);
    Agent.RiskLimits risk = limits(2, 1_000, 100, 200, 10, 0, 5);

    Agent a = agent(uniqueAgent("open"), List.of(symbol, x, y), risk);
    account(a, "9000", Map.of(x, position(x, "5", "100"), y, position(y, "5", "100")), "0", "", "10000", 0);
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "max_open_positions",
        "2 positions open, the limit is 2");
    // Adding to a position already open is not a new one.
    assertApproved(check(signal(a, x, Signal.Action.BUY, now), a, now));

    Agent b = agent(uniqueAgent("open"), List.of(symbol, x), risk);
    account(b, "9500", Map.of(x, position(x, "5", "100")), "0", "", "10000", 0);
    assertApproved(check(signal(b, symbol, Signal.Action.BUY, now), b, now));
  }

  @Test
  void maxPositionNotional() {
    String symbol = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);
    Agent.RiskLimits risk = limits(5, 1_000, 100, 200, 10, 0, 5);

    // Worth the limit at the mid (10 x 100), no cash.
    Agent a = agent(uniqueAgent("notional"), List.of(symbol), risk);
    account(a, "0", Map.of(symbol, position(symbol, "10", "100")), "0", "", "1000", 0);
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "max_position_notional",
        "the " + symbol + " position is worth 1000.00", "the limit is 1000.0", "(and no cash left)");

    // Worth the limit, cash to spare: still no room.
    Agent c = agent(uniqueAgent("notional"), List.of(symbol), risk);
    account(c, "9000", Map.of(symbol, position(symbol, "10", "100")), "0", "", "10000", 0);
    RiskRules.Verdict full = check(signal(c, symbol, Signal.Action.BUY, now), c, now);
    assertRejected(full, "max_position_notional", "worth 1000.00", "the limit is 1000.0");
    assertThat(full.reason()).doesNotContain("no cash");

    // The minimum order value's worth of room left (5 at the mid 100): a buy of just that.
    Agent b = agent(uniqueAgent("notional"), List.of(symbol), risk);
    account(b, "9005", Map.of(symbol, position(symbol, "9.95", "100")), "0", "", "10000", 0);
    TradeTicket ticket = assertApproved(check(signal(b, symbol, Signal.Action.BUY, now), b, now));
    assertThat(ticket.quantity()).isEqualByComparingTo("0.05");
  }

  @Test
  void exchangeMinimum() {
    String symbol = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);

    // 0.0009 / 100 = 0.000009: below one lot of 0.00001, rounds down to 0.
    Agent a = agent(uniqueAgent("minimum"), List.of(symbol), limits(5, 0.0009, 100, 200, 10, 0, 5));
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "exchange_minimum",
        "the order would be 0 " + symbol, "below the exchange's minimum quantity 0.00001");

    // The venue's minimum order value (Binance spot, a USDT quote: 5): 4.9 / 100 = 0.049, worth 4.90.
    Agent b = agent(uniqueAgent("minimum"), List.of(symbol), limits(5, 4.9, 100, 200, 10, 0, 5));
    assertRejected(check(signal(b, symbol, Signal.Action.BUY, now), b, now), "exchange_minimum",
        "the order would be 0.049 " + symbol + " worth 4.90", "below the exchange's minimum order value 5");

    Agent c = agent(uniqueAgent("minimum"), List.of(symbol), limits(5, 5, 100, 200, 10, 0, 5));
    assertThat(assertApproved(check(signal(c, symbol, Signal.Action.BUY, now), c, now)).quantity())
        .isEqualByComparingTo("0.05");
  }

  @Test
  void noDustTopUpAndNoDustSell() {
    String symbol = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);
    // Holds 9.97 (worth 997 at the mid 100) under a limit of 1000: the room of 3 is below the minimum order value.
    Agent a = agent(uniqueAgent("dust"), List.of(symbol), limits(5, 1_000, 100, 200, 10, 0, 5));
    account(a, "10000", Map.of(symbol, position(symbol, "9.97", "100")), "0", "", "10997", 0);
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "exchange_minimum",
        "the order would be 0.03 " + symbol + " worth 3.00, below the exchange's minimum order value 5");

    // A position worth 4 cannot be sold at the venue either: refused, not sent.
    Agent b = agent(uniqueAgent("dust"), List.of(symbol), generous());
    account(b, "10000", Map.of(symbol, position(symbol, "0.04", "100")), "0", "", "10004", 0);
    assertRejected(check(signal(b, symbol, Signal.Action.CLOSE, Signal.Source.EXIT, now), b, now), "exchange_minimum",
        "worth 4.00", "cannot be sold at the venue");
  }

  @Test
  void orderRate() {
    String symbol = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);
    Agent a = agent(uniqueAgent("rate"), List.of(symbol), limits(5, 1_000, 2, 200, 10, 0, 5));
    assertApproved(check(signal(a, symbol, Signal.Action.BUY, now), a, now));
    assertApproved(check(signal(a, symbol, Signal.Action.BUY, now), a, now));
    RiskRules.Verdict third = check(signal(a, symbol, Signal.Action.BUY, now), a, now);
    assertRejected(third, "order_rate", "more than 2 orders a minute; next in ");
    assertThat(third.reason()).as("one token every 30 s, two at once").endsWith("next in 30000 ms");

    // A signal rejected by an earlier check spends no token.
    String stale = uniqueSymbol();
    Agent b = agent(uniqueAgent("rate"), List.of(symbol, stale), limits(5, 1_000, 1, 200, 10, 0, 5));
    assertRejected(check(signal(b, stale, Signal.Action.BUY, now), b, now), "stale_market_data");
    assertRejected(check(signal(b, symbol, Signal.Action.SELL, now), b, now), "no_position");
    assertApproved(check(signal(b, symbol, Signal.Action.BUY, now), b, now));
    assertRejected(check(signal(b, symbol, Signal.Action.BUY, now), b, now), "order_rate", "more than 1 orders a minute");
  }

  // ---- sizing -----------------------------------------------------------------------------

  @Test
  void aBuyTakesTheRoomLeftRoundedDownToTheLot() {
    String symbol = uniqueSymbol();
    long now = NOW;
    ticker(symbol, 29_999, 30_001, now); // mid 30000
    Agent a = agent(uniqueAgent("size"), List.of(symbol), limits(5, 1_000, 100, 200, 10, 0, 5));
    // Holds 0.01 (worth 300 at the mid): room 700 -> 700 / 30000 = 0.0233333... -> 0.02333.
    account(a, "100000", Map.of(symbol, position(symbol, "0.01", "30000")), "0", "", "100300", 0);
    Signal buy = signal(a, symbol, Signal.Action.BUY, now);
    TradeTicket ticket = assertApproved(check(buy, a, now));
    assertThat(ticket.side()).isEqualTo(Side.BUY);
    assertThat(ticket.quantity()).isEqualByComparingTo("0.02333");
    assertThat(ticket.signal()).isEqualTo(buy);
    assertThat(ticket.clOrdId()).isEqualTo(buy.clientOrderId());
    assertThat(ticket.exchange()).isEqualTo(Agent.Exchange.PAPER);
    assertThat(ticket.approvedAt()).isEqualTo(now);

    // Nothing held, limit 1000: 1000 / 30000 = 0.0333333... -> 0.03333.
    Agent b = agent(uniqueAgent("size"), List.of(symbol), limits(5, 1_000, 100, 200, 10, 0, 5));
    assertThat(assertApproved(check(signal(b, symbol, Signal.Action.BUY, now), b, now)).quantity())
        .isEqualByComparingTo("0.03333");

    // Little cash: the cash (less 0.2% for fees and slippage) bounds it: 50 / 1.002 / 30000 = 0.00166...
    Agent c = agent(uniqueAgent("size"), List.of(symbol), limits(5, 1_000, 100, 200, 10, 0, 5));
    account(c, "50", Map.of(), "0", "", "50", 0);
    assertThat(assertApproved(check(signal(c, symbol, Signal.Action.BUY, now), c, now)).quantity())
        .isEqualByComparingTo("0.00166");
  }

  @Test
  void aSellOrCloseTakesTheWholePosition() {
    String symbol = uniqueSymbol();
    long now = NOW;
    ticker(symbol, now);
    Agent a = agent(uniqueAgent("sell"), List.of(symbol), generous());
    account(a, "10000", Map.of(symbol, position(symbol, "0.12345", "90")), "0", "", "10012.345", 0);
    TradeTicket sell = assertApproved(check(signal(a, symbol, Signal.Action.SELL, now), a, now));
    assertThat(sell.side()).isEqualTo(Side.SELL);
    assertThat(sell.quantity()).isEqualByComparingTo("0.12345");
    TradeTicket close = assertApproved(check(signal(a, symbol, Signal.Action.CLOSE, now), a, now));
    assertThat(close.side()).isEqualTo(Side.SELL);
    assertThat(close.quantity()).isEqualByComparingTo("0.12345");

    // A position that is not a whole number of lots sells what the exchange takes: rounded down.
    String odd = uniqueSymbol();
    ticker(odd, now);
    Agent b = agent(uniqueAgent("sell"), List.of(odd), generous());
    account(b, "10000", Map.of(odd, position(odd, "0.123456789", "90")), "0", "", "10012.35", 0);
    assertThat(assertApproved(check(signal(b, odd, Signal.Action.SELL, now), b, now)).quantity())
        .isEqualByComparingTo("0.12345");
  }
}
