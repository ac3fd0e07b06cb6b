package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.wiring.Services;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.exchange.Side;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signal role decides an agent's signals one at a time, on a real instance: a signal whose
 * agent has an approved order not settled yet, or whose agent's turn another signal holds, waits
 * postponed in the queue, and is decided once the order is settled or the turn released.
 */
class SignalTurnsIT {
  @TempDir
  Path dir;

  @Test
  void aSignalWaitsForItsAgentsOrderInFlightAndForItsTurn() throws Exception {
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("signal", Map.of("ROLES", "signal"));
      Services services = node.services();
      Agent agent = new Agent("turns", "Turns", List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)),
          0.5, 0.6, Agent.RiskLimits.defaults(), new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0);
      new AgentRepository(services.mongo()).create(agent, System.currentTimeMillis()).await();
      InFlightOrders inFlight = new InFlightOrders(services.redis(), services.keys());
      SignalQueue queue = new SignalQueue(services.redis(), services.scripts(), services.keys());
      long now = services.clock().millis();
      Signal exit = signal(agent, "exit", now);
      TradeTicket previous = new TradeTicket(exit, Side.SELL, new BigDecimal("0.01"), Agent.Exchange.PAPER, now);
      inFlight.add(previous).await();

      Signal buy = signal(agent, "buy", now);
      queue.offer(buy).await();
      Eventually.within(Duration.ofSeconds(10), "the BUY postponed while the exit is in flight", () -> postponed(node, buy));
      assertThat(decided(node, buy)).as("decided while the exit was in flight").isFalse();

      AgentTurns turns = new AgentTurns(services.redis(), services.scripts(), services.keys(), inFlight, Duration.ofMinutes(1));
      // The BUY holds the turn for a moment each time it is tried: another signal takes it between two tries.
      Eventually.within(Duration.ofSeconds(10), "another signal holds the agent's turn",
          () -> turns.take(agent.id(), "another-signal", now).await().isPresent());
      inFlight.remove(agent.id(), previous.clOrdId()).await();
      Eventually.within(Duration.ofSeconds(10), "postponed again, for the turn", () -> postponed(node, buy));
      assertThat(decided(node, buy)).as("decided out of its turn").isFalse();

      turns.release(agent.id(), "another-signal").await();
      Eventually.within(Duration.ofSeconds(10), "the BUY decided once the order settled and the turn is free",
          () -> decided(node, buy));
    }
  }

  private static Signal signal(Agent agent, String name, long now) {
    return new Signal("turns:BTCUSDT:" + name + ":" + now, agent.id(), "BTCUSDT", Signal.Action.BUY, 0.8, 40, 100.0, now,
        Signal.Source.ANALYSIS, now, now + 60_000, List.of("test"));
  }

  private static boolean postponed(Mariposa node, Signal signal) {
    String key = node.services().keys().key("queue:", RedisKeys.tag("signals"), "postponed");
    return node.services().redis().send(Request.cmd(Command.ZSCORE).arg(key).arg(signal.id())).await() != null;
  }

  private static boolean decided(Mariposa node, Signal signal) {
    return !node.services().mongo().client().find("signals", new JsonObject().put("_id", signal.id())).await().isEmpty();
  }
}
