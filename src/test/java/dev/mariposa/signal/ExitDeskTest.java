package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.kernel.RiskEngine;
import dev.mariposa.kernel.memory.InMemoryOrderRate;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.PaperRiskState;
import dev.mariposa.testing.TradeStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trade role's exits on a real Redis (queue, turns, trade stream) and MongoDB (the signal
 * history), the risk engine on in-memory ports holding the agent's position: an exit is decided on
 * the spot when its agent's turn is free, queued when it is not, and decided once whoever offers it.
 */
class ExitDeskTest {
  private static final long NOW = Instant.parse("2024-09-21T12:00:00Z").toEpochMilli();
  private static final Agent AGENT = agent("exit-1");

  @TempDir
  Path dir;

  private Vertx vertx;
  private EmbeddedRedis redis;
  private EmbeddedMongo mongo;
  private TradeStores stores;
  private SimpleMeterRegistry meters;
  private SignalQueue queue;
  private SignalRepository history;
  private AgentTurns turns;
  private ExitDesk desk;
  private PaperRiskState market;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    redis = EmbeddedRedis.ephemeral();
    mongo = EmbeddedMongo.inMemory();
    stores = TradeStores.open(vertx, dir, redis, mongo);
    meters = new SimpleMeterRegistry();
    MarketClock clock = () -> Instant.ofEpochMilli(NOW);
    queue = new SignalQueue(stores.redis(), new LuaScripts(), stores.keys());
    history = new SignalRepository(stores.store());
    SignalDesk signals = new SignalDesk(vertx, queue, history, new JsonCache(stores.redis(), meters), stores.keys(),
        meters, clock);
    InFlightOrders inFlight = new InFlightOrders(stores.redis(), stores.keys());
    turns = new AgentTurns(stores.redis(), new LuaScripts(), stores.keys(), inFlight, Duration.ofSeconds(30));
    // The agent holds 1 BTCUSDT bought at 100.
    market = new PaperRiskState(NOW, agent -> Account.open(agent.id(), BigDecimal.valueOf(10_000))
        .apply("bought", "BTCUSDT", true, BigDecimal.ONE, BigDecimal.valueOf(100), BigDecimal.ZERO, NOW - 60_000));
    RiskEngine gate = new RiskEngine(market, new InMemoryOrderRate());
    desk = new ExitDesk(queue, signals, turns, new TurnDecision(gate, inFlight, stores.stream(), signals, queue), meters);
  }

  @AfterEach
  void close() {
    stores.close();
    vertx.close().await();
    mongo.close();
    redis.close();
  }

  @Test
  void anExitIsDecidedOnTheSpotOnceHoweverManyTradeRolesOfferIt() {
    Signal exit = exit();
    desk.exit(exit, AGENT, NOW).await();
    desk.exit(exit, AGENT, NOW).await(); // another trade role watching the same position

    assertThat(stores.stream().length().await()).as("one ticket on the trade stream").isEqualTo(1);
    assertThat(queue.depth().await()).as("never queued").isZero();
    assertThat(history.history(AGENT.id(), 10).await()).singleElement()
        .satisfies(s -> assertThat(s.getString("status")).isEqualTo("sent"));
    assertThat(count("direct")).isEqualTo(1);
    assertThat(turns.take(AGENT.id(), "next", NOW).await()).as("the turn released").isPresent();
  }

  @Test
  void anExitWhoseAgentsTurnIsHeldGoesToTheQueueForTheSignalRole() {
    assertThat(turns.take(AGENT.id(), "a signal in work", NOW).await()).isPresent();
    Signal exit = exit();
    desk.exit(exit, AGENT, NOW).await();
    desk.exit(exit, AGENT, NOW).await();

    assertThat(queue.depth().await()).as("queued once").isEqualTo(1);
    assertThat(stores.stream().length().await()).as("nothing decided here").isZero();
    assertThat(queue.take(Duration.ofSeconds(30)).await()).hasValueSatisfying(taken ->
        assertThat(taken.signal().id()).isEqualTo(exit.id()));
    assertThat(count("queued")).isEqualTo(1);
  }

  @Test
  void anExitRefusedBecauseTheExchangeIsAwayIsDecidedAgainOnTheNextOffer() {
    market.exchangeAway = true;
    Signal exit = exit();
    desk.exit(exit, AGENT, NOW).await();
    assertThat(history.history(AGENT.id(), 10).await()).singleElement()
        .satisfies(s -> assertThat(s.getString("check")).isEqualTo(RiskRules.EXCHANGE_CHECK));

    market.exchangeAway = false; // the venue is back: the guard's next offer goes through
    desk.exit(exit, AGENT, NOW).await();
    assertThat(stores.stream().length().await()).as("the exit on the trade stream").isEqualTo(1);
    assertThat(history.history(AGENT.id(), 10).await()).singleElement()
        .satisfies(s -> assertThat(s.getString("status")).isEqualTo("sent"));
  }

  @Test
  void aClaimLeftWithoutAnOutcomeLapses() {
    Signal exit = exit();
    assertThat(queue.claim(exit, Duration.ofMillis(300)).await()).isTrue();
    assertThat(queue.claim(exit, Duration.ofMillis(300)).await()).as("held").isFalse();
    // The lapse is the behaviour: a trade role that died holding the claim does not keep the exit away.
    Eventually.within(Duration.ofSeconds(5), "the claim lapsed", () -> queue.claim(exit, ExitDesk.CLAIM).await());
    desk.exit(exit, AGENT, NOW).await();
    assertThat(stores.stream().length().await()).as("claimed by the last offer, not decided").isZero();
  }

  private double count(String path) {
    return meters.get("mariposa.exits").tag("path", path).counter().count();
  }

  private static Signal exit() {
    return Signals.exit(AGENT.id(), "BTCUSDT", NOW - 60_000, 99.0, "stop-loss", NOW, Duration.ofSeconds(30));
  }

  private static Agent agent(String id) {
    Agent.RiskLimits generous = new Agent.RiskLimits(5, 1_000, 100, 200, 10, 60, 5, 1.0, 2.0, 0);
    return new Agent(id, id, List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.5, 0.5,
        generous, new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 1);
  }
}
