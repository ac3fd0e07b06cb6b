package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Side;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trade stream's group on a real redis-server: an entry whose handler still runs is touched
 * and so neither taken over nor counted as delivered again; an untouched one is taken over.
 */
@ExtendWith(VertxExtension.class)
class TradeStreamTest {
  private static final Duration IDLE = Duration.ofMillis(300);
  private static TestRedis fixture;
  private static RedisConnections redis;
  private static TradeStream stream;
  private static Redis reader;
  private static RedisConnection connection;

  @BeforeAll
  static void startRedis(Vertx vertx) {
    fixture = TestRedis.start(vertx);
    redis = fixture.connections();
    stream = new TradeStream(redis, new RedisKeys("test:"));
    reader = redis.newDedicatedClient();
    connection = reader.connect().await();
  }

  @AfterAll
  static void stopRedis() {
    reader.close();
    fixture.close();
  }

  @BeforeEach
  void flush() {
    redis.send(Request.cmd(Command.FLUSHALL)).await();
    stream.ensureGroup().await();
  }

  @Test
  void touchedEntriesAreNotTakenOverNorCountedAgain() throws InterruptedException {
    String kept = stream.append(ticket("kept")).await();
    String left = stream.append(ticket("left")).await();
    assertThat(stream.read(connection, "a", 10, Duration.ZERO, ">").await().entries()).hasSize(2);

    for (int i = 0; i < 4; i++) { // 4 × 150 ms: twice the idle time, touched every half of it
      Thread.sleep(IDLE.toMillis() / 2);
      stream.touch("a", List.of(kept)).await();
    }
    TradeStream.Delivery claimed = stream.claimIdle("b", IDLE, "0-0", 10).await();

    assertThat(claimed.entries()).extracting(TradeStream.Entry::id).containsExactly(left);
    assertThat(stream.deliveries(kept).await()).as("deliveries of the touched entry").isEqualTo(1);
    assertThat(stream.deliveries(left).await()).as("deliveries of the one taken over").isEqualTo(2);
  }

  @Test
  void aConsumerCannotTouchWhatAnotherHolds() throws InterruptedException {
    String id = stream.append(ticket("held")).await();
    stream.read(connection, "a", 10, Duration.ZERO, ">").await();
    Thread.sleep(IDLE.toMillis() + 50);

    stream.touch("b", List.of(id)).await(); // b does not own it: a stays the owner, still idle

    assertThat(stream.claimIdle("c", IDLE, "0-0", 10).await().entries()).extracting(TradeStream.Entry::id)
        .containsExactly(id);
  }

  private static TradeTicket ticket(String reason) {
    Signal signal = Signals.requested("agent-1", "BTCUSDT", Signal.Action.BUY, 1.0, 30000, reason,
        System.currentTimeMillis(), Duration.ofMinutes(10));
    return new TradeTicket(signal, Side.BUY, new BigDecimal("0.001"), Agent.Exchange.PAPER, System.currentTimeMillis());
  }
}
