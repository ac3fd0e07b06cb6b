package dev.mariposa.kernel.memory;

import dev.mariposa.agent.Agent;
import dev.mariposa.kernel.port.OrderRatePort.Permit;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.ClusterOrderRate;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory order rate against the cluster's (lua/gcra.lua on a real redis-server, given the
 * same times): the same acquires, in seeded random bursts of one agent at a time, evenly spaced, over agents
 * whose rates round the emission interval up (7 and 13 a minute) or not, give the same permits
 * and the same waits to the µs, refusals included for every rate.
 */
class InMemoryOrderRateTest {
  private static final long T0 = 1_726_876_800_000L; // 2024-09-21T00:00:00Z
  /** Ms between the acquires of one burst: the same ms, and around the 13/min and 7/min intervals. */
  private static final long[] WITHIN = {0, 0, 1, 999, 4_615, 4_616, 8_571, 8_572};
  /** Ms between bursts: none, half a minute, a minute and a bit, idle minutes. */
  private static final long[] BETWEEN = {0, 30_000, 59_999, 60_000, 61_000, 300_000};

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();

  @Test
  void theSameAcquiresGetTheSamePermitsAsTheRedisScript() {
    List<Agent> agents = List.of(agent("one", 1), agent("two", 2), agent("seven", 7), agent("thirteen", 13),
        agent("three", 3));
    ClusterOrderRate live = new ClusterOrderRate(new RateLimiter(redis.connections(), new LuaScripts()),
        new RedisKeys("parity:"));
    InMemoryOrderRate memory = new InMemoryOrderRate();
    Random random = new Random(42);
    long now = T0;
    Map<String, Integer> refused = new HashMap<>();
    for (int burst = 0; burst < 400; burst++) {
      now += BETWEEN[random.nextInt(BETWEEN.length)];
      Agent agent = agents.get(random.nextInt(agents.size()));
      long spacing = WITHIN[random.nextInt(WITHIN.length)];
      for (int i = random.nextInt(20); i >= 0; i--) {
        now += spacing;
        Future<Permit> inMemory = memory.acquire(agent, now);
        assertThat(inMemory.isComplete()).isTrue();
        Permit expected = live.acquire(agent, now).await();
        assertThat(inMemory.result()).as("burst %d: %s at %d", burst, agent.id(), now).isEqualTo(expected);
        if (!expected.allowed()) {
          refused.merge(agent.id(), 1, Integer::sum);
        }
      }
    }
    assertThat(refused).as("refusals by agent").containsOnlyKeys("one", "two", "three", "seven", "thirteen");
  }

  private static Agent agent(String id, int perMinute) {
    return new Agent(id, id, List.of("BTCUSDT"), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.5, 0.5,
        new Agent.RiskLimits(5, 1_000, perMinute, 200, 10, 60, 5, 1.0, 2.0, 0),
        new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 1);
  }
}
