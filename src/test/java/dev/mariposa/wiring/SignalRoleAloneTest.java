package dev.mariposa.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.kernel.RiskEngine;
import dev.mariposa.kernel.memory.InMemoryOrderRate;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.signal.AgentTurns;
import dev.mariposa.signal.InFlightOrders;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.signal.SignalRepository;
import dev.mariposa.signal.SignalVerticle;
import dev.mariposa.signal.TurnDecision;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.PaperRiskState;
import dev.mariposa.testing.TestConfigs;
import dev.mariposa.testing.TradeStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signal role's verticle deployed alone on a bare Vert.x, built with its collaborators: the
 * queue, desk, trade stream and in-flight orders on a real Redis, agents and the signal history on
 * a real MongoDB, and the risk engine on in-memory ports (a fresh ticker, an open paper account).
 * No Mariposa instance, no feed, no other role: a queued signal is approved and handed to the
 * trade stream, and its history says so.
 */
class SignalRoleAloneTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long NOW = Instant.parse("2024-09-21T12:00:00Z").toEpochMilli();

  @TempDir
  Path dir;

  @Test
  void aQueuedSignalIsApprovedAndHandedToTheTradeStream() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedRedis redis = EmbeddedRedis.ephemeral(); EmbeddedMongo mongo = EmbeddedMongo.inMemory();
         TradeStores stores = TradeStores.open(vertx, dir, redis, mongo)) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      MarketClock clock = () -> Instant.ofEpochMilli(NOW);
      SignalQueue queue = new SignalQueue(stores.redis(), new LuaScripts(), stores.keys());
      SignalRepository history = new SignalRepository(stores.store());
      SignalDesk desk = new SignalDesk(vertx, queue, history, new JsonCache(stores.redis(), meters), stores.keys(),
          meters, clock);
      AgentRepository agents = new AgentRepository(stores.store());
      Agent agent = agents.create(agent("alone-1"), NOW).await();
      RiskEngine gate = new RiskEngine(PaperRiskState.fresh(NOW), new InMemoryOrderRate());

      InFlightOrders inFlight = new InFlightOrders(stores.redis(), stores.keys());
      String deployment = vertx.deployVerticle(new SignalVerticle(TestConfigs.config(dir, Map.of()).trade(), queue,
          desk, stores.stream(), new TurnDecision(gate, inFlight, stores.stream(), desk, queue), inFlight,
          new AgentTurns(stores.redis(), new LuaScripts(), stores.keys(), inFlight, Duration.ofSeconds(30)), agents, meters, clock))
          .await();
      try {
        Signal signal = new Signal("alone-1:BTCUSDT:1:BUY", agent.id(), "BTCUSDT", Signal.Action.BUY, 0.8, 40, 100.0,
            NOW - 60_000, Signal.Source.ANALYSIS, NOW, NOW + 30_000, List.of("test"));
        assertThat(desk.submit(signal).await()).as("queued").isTrue();

        Eventually.within(WAIT, "the signal's ticket on the trade stream", () -> stores.stream().length().await() == 1);
        Eventually.within(WAIT, "the signal recorded as sent", () -> history.history(agent.id(), 10).await().stream()
            .anyMatch(s -> "sent".equals(s.getString("status")) && signal.id().equals(s.getString("_id"))));
      } finally {
        vertx.undeploy(deployment).await(); // before its stores stop under it
      }
    } finally {
      vertx.close().await();
    }
  }

  private static Agent agent(String id) {
    Agent.RiskLimits generous = new Agent.RiskLimits(5, 1_000, 100, 200, 10, 60, 5, 1.0, 2.0, 0);
    return new Agent(id, id, List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.5, 0.5,
        generous, new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 1);
  }
}
