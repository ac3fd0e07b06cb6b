package dev.mariposa.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Side;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.TestRedis;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trade stream's group on a real redis-server: an entry whose handler still runs is touched
 * and so neither taken over nor counted as delivered again; an untouched one is taken over.
 */
@ExtendWith(VertxExtension.class)
class TradeStreamTest {
  private static final Duration IDLE = Duration.ofMillis(300);
  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();
  private static TradeStream stream;
  private static Redis reader;
  private static RedisConnection connection;

  @BeforeAll
  static void startStream() {
    stream = new TradeStream(redis.connections(), new RedisKeys("test:"));
    reader = redis.connections().newDedicatedClient();
    connection = reader.connect().await();
  }

  @AfterAll
  static void closeReader() {
    reader.close();
  }

  @BeforeEach
  void ensureGroup() {
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

  @Test
  void trimmingRemovesOnlyAcknowledgedEntries() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(stream.append(ticket("t" + i)).await());
    }
    List<TradeStream.Entry> delivered = new java.util.ArrayList<>();
    while (delivered.size() < 800) {
      delivered.addAll(stream.read(connection, "a", 800 - delivered.size(), Duration.ZERO, ">").await().entries());
    }
    for (int i = 0; i < 700; i++) {
      stream.ack(delivered.get(i).id()).await();
    }
    // 700 acknowledged, 100 delivered and pending, 200 not yet delivered.
    long removed = stream.trimAcknowledged().await();
    long length = stream.length().await();
    assertThat(removed).as("acknowledged entries removed (whole macro nodes of 100)").isBetween(600L, 700L);
    assertThat(length).isEqualTo(1000 - removed);
    List<String> left = new java.util.ArrayList<>();
    redis.connections().send(Request.cmd(Command.XRANGE).arg(stream.key()).arg("-").arg("+")).await()
        .forEach(entry -> left.add(entry.get(0).toString()));
    assertThat(left).as("every pending and undelivered entry stays").containsAll(ids.subList(700, 1000));
    assertThat(stream.pending().await()).isEqualTo(100);

    // Everything acknowledged: only what was never delivered stays (and the last node's slack).
    for (int i = 700; i < 800; i++) {
      stream.ack(delivered.get(i).id()).await();
    }
    stream.trimAcknowledged().await();
    assertThat(stream.length().await()).isBetween(200L, 300L);
    assertThat(stream.read(connection, "a", 1000, Duration.ZERO, ">").await().entries()).hasSize(200);
  }

  @Test
  void appendsKeepTheStreamNearItsMaximumLength() {
    TradeStream small = new TradeStream(redis.connections(), new RedisKeys("small:"), 100);
    for (int i = 0; i < 1000; i++) {
      small.append(ticket("t" + i)).await();
    }
    assertThat(small.length().await()).as("MAXLEN ~ 100: within one macro node of it").isBetween(100L, 200L);
  }

  private static TradeTicket ticket(String reason) {
    Signal signal = Signals.requested("agent-1", "BTCUSDT", Signal.Action.BUY, 1.0, 30000, reason,
        System.currentTimeMillis(), Duration.ofMinutes(10));
    return new TradeTicket(signal, Side.BUY, new BigDecimal("0.001"), Agent.Exchange.PAPER, System.currentTimeMillis());
  }
}
