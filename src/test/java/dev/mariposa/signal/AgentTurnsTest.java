package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Side;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.TestRedis;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent's turn on a real redis-server: one signal at a time per agent, across instances. */
class AgentTurnsTest {
  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();

  private static final RedisKeys KEYS = new RedisKeys("test:");

  private static InFlightOrders inFlight() {
    return new InFlightOrders(redis.connections(), KEYS);
  }

  private static AgentTurns turns() {
    return new AgentTurns(redis.connections(), new LuaScripts(), KEYS, inFlight(), Duration.ofSeconds(30));
  }

  private static boolean holds(AgentTurns turns, String agentId, String signalId) {
    return turns.take(agentId, signalId, System.currentTimeMillis()).await().isPresent();
  }

  @Test
  void oneSignalOfAnAgentHoldsItsTurnUntilItReleasesIt() {
    AgentTurns one = turns();
    AgentTurns other = turns(); // another instance: the turn lives in Redis
    assertThat(holds(one, "a", "exit")).isTrue();
    assertThat(holds(one, "a", "exit")).as("held by itself").isTrue();
    assertThat(holds(one, "a", "exit, another take")).as("a second take of the same signal waits like any other")
        .isFalse();
    assertThat(holds(other, "a", "buy")).as("another signal of the agent").isFalse();
    assertThat(holds(other, "b", "buy")).as("another agent's signal").isTrue();

    other.release("a", "buy").await();
    assertThat(holds(other, "a", "buy")).as("released by a signal that did not hold it").isFalse();
    one.release("a", "exit").await();
    assertThat(holds(other, "a", "buy")).isTrue();
  }

  @Test
  void theTurnComesWithTheAgentsOrdersInFlight() {
    long now = System.currentTimeMillis();
    Signal exit = Signals.requested("a", "BTCUSDT", Signal.Action.SELL, 1.0, 30000, "exit", now, Duration.ofMinutes(1));
    inFlight().add(new TradeTicket(exit, Side.SELL, new BigDecimal("0.01"), Agent.Exchange.PAPER, now)).await();

    Optional<List<InFlightOrder>> turn = turns().take("a", "buy", now).await();
    assertThat(turn).as("the turn is free").isPresent();
    assertThat(turn.get()).extracting(InFlightOrder::clOrdId, InFlightOrder::side, InFlightOrder::quantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(exit.clientOrderId(), Side.SELL, new BigDecimal("0.01")));
    assertThat(turns().take("a", "buy", now + InFlightOrders.MAX_AGE.toMillis()).await().orElseThrow())
        .as("an entry older than the in-flight age is left out").isEmpty();
    assertThat(turns().take("b", "buy", now).await().orElseThrow()).as("another agent has none").isEmpty();
  }
}
