package dev.mariposa.signal;

import dev.mariposa.Mariposa;
import dev.mariposa.wiring.Services;
import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.EventCodec;
import dev.mariposa.events.Ticker;
import dev.mariposa.kernel.RiskEngine;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.exchange.paper.PaperExchange;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk engine on the live adapters of its ports, on one real instance (Redis, the MongoDB-wire
 * server, the market cache): the checks that read a store through them (orders in flight and the
 * halt in Redis, the ticker of the market cache, the account in MongoDB, the order rate shared in
 * Redis). The rules themselves are tested on in-memory ports ({@code kernel.RiskEngineTest}).
 * Every case has its own agent (accounts, rate limits) and its own symbol (the market cache keeps
 * a value in process for 250 ms).
 */
class ClusterRiskIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  /** Mid price of every ticker here unless a test says otherwise: (99 + 101) / 2. */
  private static final double BID = 99;
  private static final double ASK = 101;

  @TempDir
  static Path dir;

  private static TestCluster cluster;
  private static Mariposa node;
  private static Services platform;
  private static RiskEngine gate;
  private static Halt halt;
  private static AccountRepository accounts;
  private static MarketKeys marketKeys;

  @BeforeAll
  static void start() {
    cluster = new TestCluster(dir);
    node = cluster.start("risk-1", Map.of("ROLES", "session"));
    platform = node.services();
    accounts = new AccountRepository(platform.mongo());
    halt = new Halt(platform.redis(), platform.cache(), platform.keys());
    gate = new RiskEngine(new ClusterRiskState(platform.market(), accounts, new InFlightOrders(platform.redis(),
            platform.keys()), halt, kind -> new PaperExchange(platform.market(), platform.mongo(), platform.clock(), Fees.binanceSpot())),
        new ClusterOrderRate(new RateLimiter(platform.redis(), platform.scripts()), platform.keys()));
    marketKeys = new MarketKeys(platform.keys());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
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
    return "risk-" + what + "-" + SEQ.incrementAndGet() + "-" + System.nanoTime();
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

  static void ticker(String symbol, long receivedAt) {
    ticker(symbol, BID, ASK, receivedAt);
  }

  static void ticker(String symbol, double bid, double ask, long receivedAt) {
    JsonObject t = new JsonObject().put("symbol", symbol).put("bid", bid).put("ask", ask).put("bidQty", 1.0).put("askQty", 1.0)
        .put("exchangeTime", receivedAt).put("receivedAt", receivedAt).put("source", "test");
    platform.cache().put(marketKeys.ticker(symbol), t, Duration.ofMinutes(1)).await();
  }

  static Account.Position position(String symbol, String quantity, String average) {
    return new Account.Position(symbol, new BigDecimal(quantity), new BigDecimal(average), 1, new BigDecimal(average));
  }

  /** Stores the agent's account: cash, positions, today's realized profit, the equity peak, the last loss. */
  static void account(Agent agent, String cash, Map<String, Account.Position> positions, String realizedToday, String day,
                      String peak, long lastLossAt) {
    BigDecimal start = BigDecimal.valueOf(agent.account().startingBalance());
    accounts.update(agent.id(), start, current -> new Account(agent.id(), start, new BigDecimal(cash), positions,
        new BigDecimal(realizedToday), new BigDecimal(realizedToday), day, BigDecimal.ZERO, new BigDecimal(peak), lastLossAt,
        current.trades(), current.applied(), current.version())).await();
  }

  static void account(Agent agent, String cash, Map<String, Account.Position> positions) {
    account(agent, cash, positions, "0", "", "0", 0);
  }

  static String utcDay(long at) {
    return Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  static RiskRules.Verdict check(Signal signal, Agent agent, long now) {
    return gate.check(signal, agent, now).await();
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
    InFlightOrders inFlight = new InFlightOrders(platform.redis(), platform.keys());
    String symbol = uniqueSymbol();
    Agent a = agent(uniqueAgent("inflight"), List.of(symbol), limits(1, 1_000, 100, 200, 10, 0, 5));
    account(a, "10000", Map.of());
    long now = System.currentTimeMillis();
    ticker(symbol, now);

    TradeTicket first = assertApproved(check(signal(a, symbol, Signal.Action.BUY, now), a, now));
    inFlight.add(first).await(); // as the signal role does before the trade stream
    assertRejected(check(signal(a, symbol, Signal.Action.BUY, now), a, now), "max_position_notional", "being bought");
    String other = uniqueSymbol();
    ticker(other, now);
    Agent b = agent(a.id(), List.of(symbol, other), limits(1, 1_000, 100, 200, 10, 0, 5));
    assertRejected(check(signal(b, other, Signal.Action.BUY, now), b, now), "max_open_positions", "or opening");

    inFlight.remove(a.id(), first.clOrdId()).await(); // settled: the account holds it now
    account(a, "9000", Map.of(symbol, position(symbol, first.quantity().toPlainString(), "100")));
    TradeTicket sell = assertApproved(check(signal(a, symbol, Signal.Action.SELL, now), a, now));
    inFlight.add(sell).await();
    assertRejected(check(signal(a, symbol, Signal.Action.CLOSE, Signal.Source.EXIT, now), a, now), "no_position",
        "being sold already");
  }

  @Test
  void theGateReadsTheNewerOfTheCachedBodyAndTheRecordHeardOnTheBus() {
    String symbol = uniqueSymbol();
    long now = System.currentTimeMillis();
    ticker(symbol, now - 1_000);
    LatestTicker cached = platform.market().latestTickerRecord(symbol).await().orElseThrow();
    assertThat(cached.ticker().bid()).isEqualTo(new BigDecimal("99"));
    assertThat(cached.staleCopy()).isFalse();

    // The first read listens on the address: a newer quote published there is answered as it is.
    Ticker heard = Ticker.quote(symbol, "test", now, now, new BigDecimal("63235.99"), BigDecimal.ONE,
        new BigDecimal("63236.02"), BigDecimal.ONE);
    EventCodec.register(node.vertx().eventBus());
    node.vertx().eventBus().publish(Addresses.ticker(symbol), heard);
    Eventually.within(Duration.ofSeconds(5), "the heard ticker", () ->
        platform.market().latestTickerRecord(symbol).await().orElseThrow().ticker() == heard);

    // The gate sizes at the heard record's exact mid, 63236.005 (the cached 99/101 would buy 10).
    Agent a = agent(uniqueAgent("record"), List.of(symbol), generous());
    account(a, "10000", Map.of());
    TradeTicket ticket = assertApproved(check(signal(a, symbol, Signal.Action.BUY, now), a, now));
    BigDecimal lot = dev.mariposa.exchange.paper.PaperMatching.instrument(symbol).roundQuantity(
        new BigDecimal("1000").divide(new BigDecimal("63236.005"), java.math.MathContext.DECIMAL64));
    assertThat(ticket.quantity()).isEqualTo(lot);
  }

  @Test
  void haltRejectsAllButExitsAndAskedCloses() {
    String symbol = uniqueSymbol();
    Agent a = agent(uniqueAgent("halt"), List.of(symbol), generous());
    account(a, "10000", Map.of(symbol, position(symbol, "2", "100")), "0", "", "10200", 0);
    long now = System.currentTimeMillis();
    ticker(symbol, now);
    halt.set(true, "exchange maintenance 42", "test").await();
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
      halt.set(false, "resumed", "test").await();
    }
    assertThat(halt.current().await()).isEmpty();
    long later = System.currentTimeMillis();
    assertApproved(check(signal(a, symbol, Signal.Action.BUY, later), a, later));
  }

  @Test
  void staleOrMissingTicker() {
    String missing = uniqueSymbol();
    String old = uniqueSymbol();
    String edge = uniqueSymbol();
    String flagged = uniqueSymbol();
    Agent a = agent(uniqueAgent("stale"), List.of(missing, old, edge, flagged), limits(5, 1_000, 100, 200, 10, 60, 5));
    long now = System.currentTimeMillis();

    assertRejected(check(signal(a, missing, Signal.Action.BUY, now), a, now), "stale_market_data", "no ticker");

    ticker(old, now - 5_001);
    assertRejected(check(signal(a, old, Signal.Action.BUY, now), a, now), "stale_market_data",
        "the ticker is 5001 ms old", "the limit is 5 s");

    JsonObject stale = new JsonObject().put("symbol", flagged).put("bid", BID).put("ask", ASK).put("bidQty", 1.0)
        .put("askQty", 1.0).put("exchangeTime", now).put("receivedAt", now).put("source", "test").put("stale", true);
    platform.cache().put(marketKeys.ticker(flagged), stale, Duration.ofMinutes(1)).await();
    assertRejected(check(signal(a, flagged, Signal.Action.BUY, now), a, now), "stale_market_data", "0 ms old");

    ticker(edge, now - 5_000); // exactly the limit: still fresh enough
    assertApproved(check(signal(a, edge, Signal.Action.BUY, now), a, now));
  }

  @Test
  void dailyLossLimit() {
    String symbol = uniqueSymbol();
    long now = System.currentTimeMillis();
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
  void orderRate() {
    String symbol = uniqueSymbol();
    long now = System.currentTimeMillis();
    ticker(symbol, now);
    Agent a = agent(uniqueAgent("rate"), List.of(symbol), limits(5, 1_000, 2, 200, 10, 0, 5));
    assertApproved(check(signal(a, symbol, Signal.Action.BUY, now), a, now));
    assertApproved(check(signal(a, symbol, Signal.Action.BUY, now), a, now));
    RiskRules.Verdict third = check(signal(a, symbol, Signal.Action.BUY, now), a, now);
    assertRejected(third, "order_rate", "more than 2 orders a minute; next in ");
    assertThat(third.reason()).as("one token every 30 s, two at once, at the engine's time").endsWith("next in 30000 ms");

    // A signal rejected by an earlier check spends no token.
    String stale = uniqueSymbol();
    Agent b = agent(uniqueAgent("rate"), List.of(symbol, stale), limits(5, 1_000, 1, 200, 10, 0, 5));
    assertRejected(check(signal(b, stale, Signal.Action.BUY, now), b, now), "stale_market_data");
    assertRejected(check(signal(b, symbol, Signal.Action.SELL, now), b, now), "no_position");
    assertApproved(check(signal(b, symbol, Signal.Action.BUY, now), b, now));
    assertRejected(check(signal(b, symbol, Signal.Action.BUY, now), b, now), "order_rate", "more than 1 orders a minute");
  }
}
