package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent's turn on a real redis-server: one signal at a time per agent, across instances. */
class AgentTurnsTest {
  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();

  private static AgentTurns turns() {
    return new AgentTurns(redis.connections(), new LuaScripts(), new RedisKeys("test:"), Duration.ofSeconds(30));
  }

  @Test
  void oneSignalOfAnAgentHoldsItsTurnUntilItReleasesIt() {
    AgentTurns one = turns();
    AgentTurns other = turns(); // another instance: the turn lives in Redis
    assertThat(one.take("a", "exit").await()).isTrue();
    assertThat(one.take("a", "exit").await()).as("held by itself").isTrue();
    assertThat(other.take("a", "buy").await()).as("another signal of the agent").isFalse();
    assertThat(other.take("b", "buy").await()).as("another agent's signal").isTrue();

    other.release("a", "buy").await();
    assertThat(other.take("a", "buy").await()).as("released by a signal that did not hold it").isFalse();
    one.release("a", "exit").await();
    assertThat(other.take("a", "buy").await()).isTrue();
  }
}
