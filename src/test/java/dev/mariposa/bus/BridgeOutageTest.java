package dev.mariposa.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.events.Ticker;
import dev.mariposa.redis.RedisState;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis stopped for 10 s under a publishing instance: local delivery goes on, events published
 * meanwhile cross in order once Redis is back, ticks are coalesced to the latest, and ticks flow
 * again.
 */
class BridgeOutageTest {
  @TempDir
  Path dataDir;

  private TestCluster cluster;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void eventsPublishedDuringAnOutageArriveAfterwardsInOrder() throws Exception {
    cluster = new TestCluster(dataDir);
    Mariposa a = cluster.start("node-a", Map.of());
    Mariposa c = cluster.start("node-c", Map.of());
    List<Integer> signalsOnA = Collections.synchronizedList(new ArrayList<>());
    List<Integer> signalsOnC = Collections.synchronizedList(new ArrayList<>());
    List<Integer> ticksOnC = Collections.synchronizedList(new ArrayList<>());
    a.vertx().eventBus().<JsonObject>consumer("signal.agent-1", m -> signalsOnA.add(m.body().getInteger("n")));
    c.vertx().eventBus().<JsonObject>consumer("signal.agent-1", m -> signalsOnC.add(m.body().getInteger("n")));
    c.vertx().eventBus().<Ticker>consumer("market.ticker.TESTUSDT", m -> ticksOnC.add(m.body().updateId().intValue()));

    publish(a, 0, 20);
    Eventually.within(Duration.ofSeconds(5), "the first events cross", () -> signalsOnC.size() == 20);
    Thread.sleep(1000); // A learns that C listens (it counts listeners every 500 ms)

    cluster.redis().kill();
    Eventually.within(Duration.ofSeconds(5), "A notices", () -> a.services().redis().state() == RedisState.DOWN);
    publish(a, 20, 120);
    for (int t = 0; t < 50; t++) {
      int n = t;
      a.vertx().runOnContext(v -> a.vertx().eventBus().publish("market.ticker.TESTUSDT", tick(n)));
    }
    Eventually.within(Duration.ofSeconds(2), "local delivery goes on during the outage", () -> signalsOnA.size() == 120);
    Thread.sleep(10_000);
    assertThat(signalsOnC).hasSize(20);

    cluster.redis().start();
    Eventually.within(Duration.ofSeconds(10), () -> "the held events arrive; " + diagnose(a, c, signalsOnC),
        () -> signalsOnC.size() >= 120);
    assertThat(List.copyOf(signalsOnC)).isEqualTo(IntStream.range(0, 120).boxed().toList());
    Eventually.within(Duration.ofSeconds(2), "the latest tick of the outage arrives", () -> ticksOnC.contains(49));
    assertThat(ticksOnC).as("ticks were coalesced, not queued").hasSizeLessThan(50);
    assertThat(a.services().registry().get("mariposa.bridge.coalesced").counter().count()).isGreaterThanOrEqualTo(49 - ticksOnC.size());

    a.vertx().runOnContext(v -> a.vertx().eventBus().publish("market.ticker.TESTUSDT", tick(1000)));
    Eventually.within(Duration.ofSeconds(2), "ticks flow again", () -> ticksOnC.contains(1000));
    Thread.sleep(300);
    assertThat(signalsOnC).as("nothing twice").hasSize(120);
  }

  private static String diagnose(Mariposa a, Mariposa c, List<Integer> signalsOnC) {
    var ra = a.services().registry();
    var rc = c.services().registry();
    return "on C " + signalsOnC.size() + "; A published " + ra.get("mariposa.bridge.published").counter().count()
        + ", queued " + ra.get("mariposa.bridge.queued").gauge().value()
        + ", A redis " + a.services().redis().state() + ", C redis " + c.services().redis().state()
        + "; C received " + rc.get("mariposa.bridge.received").counter().count()
        + ", duplicates " + rc.get("mariposa.bridge.duplicates").counter().count()
        + ", subscriber messages " + rc.get("mariposa.redis.subscriber.messages").counter().count();
  }

  private static void publish(Mariposa instance, int from, int to) {
    instance.vertx().runOnContext(v -> {
      for (int i = from; i < to; i++) {
        instance.vertx().eventBus().publish("signal.agent-1", new JsonObject().put("n", i));
      }
    });
  }

  /** The n-th quote of TESTUSDT, n in its update id. */
  private static Ticker tick(int n) {
    return Ticker.quote("TESTUSDT", "synthetic", n, n, BigDecimal.valueOf(100 + n), BigDecimal.ONE,
        BigDecimal.valueOf(101 + n), BigDecimal.ONE).withUpdateId(n);
  }
}
