package dev.mariposa.kernel.memory;

import dev.mariposa.agent.Agent;
import dev.mariposa.kernel.port.OrderRatePort.Permit;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.ClusterOrderRate;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory order rate against the cluster's (lua/gcra.lua on a real redis-server, given the
 * same times): the same acquires, in a seeded random order over agents whose rates round the
 * emission interval up (7 and 13 a minute) or not, at the same ms or spread over idle minutes,
 * give the same permits and the same waits to the µs.
 */
class InMemoryOrderRateTest {
  private static final long T0 = 1_726_876_800_000L; // 2024-09-21T00:00:00Z
  /** Ms between two acquires: bursts, the boundaries of a 1/min, 2/min and 7/min interval, idle minutes. */
  private static final long[] STEPS = {0, 0, 0, 1, 999, 8_571, 8_572, 30_000, 59_999, 60_000, 61_000, 300_000};

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();

  @Test
  void theSameAcquiresGetTheSamePermitsAsTheRedisScript() {
    List<Agent> agents = List.of(agent("one", 1), agent("two", 2), agent("seven", 7), agent("thirteen", 13),
        agent("sixty", 60));
    ClusterOrderRate live = new ClusterOrderRate(new RateLimiter(redis.connections(), new LuaScripts()),
        new RedisKeys("parity:"));
    InMemoryOrderRate memory = new InMemoryOrderRate();
    Random random = new Random(42);
    long now = T0;
    int refused = 0;
    for (int i = 0; i < 2_000; i++) {
      now += STEPS[random.nextInt(STEPS.length)];
      Agent agent = agents.get(random.nextInt(agents.size()));
      Future<Permit> inMemory = memory.acquire(agent, now);
      assertThat(inMemory.isComplete()).isTrue();
      Permit expected = live.acquire(agent, now).await();
      assertThat(inMemory.result()).as("acquire %d by %s at %d", i, agent.id(), now).isEqualTo(expected);
      refused += expected.allowed() ? 0 : 1;
    }
    assertThat(refused).as("some acquires are refused").isGreaterThan(100);
  }

  private static Agent agent(String id, int perMinute) {
    return new Agent(id, id, List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.5, 0.5,
        new Agent.RiskLimits(5, 1_000, perMinute, 200, 10, 60, 5, 1.0, 2.0, 0),
        new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 1);
  }
}
