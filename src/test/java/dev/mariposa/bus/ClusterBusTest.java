package dev.mariposa.bus;

import dev.mariposa.Mariposa;
import dev.mariposa.events.TradePrint;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** Three instances, one Redis: an event published on any bus reaches every consumer exactly once. */
class ClusterBusTest {
  private static final List<String> ADDRESSES = List.of("signal.a1", "signal.a2", "jobs.a1", "perf.agent.a3");

  @TempDir
  Path dataDir;

  private TestCluster cluster;
  private Mariposa a;
  private Mariposa b;
  private Mariposa c;

  @BeforeEach
  void start() {
    cluster = new TestCluster(dataDir);
    a = cluster.start("node-a", Map.of());
    b = cluster.start("node-b", Map.of());
    c = cluster.start("node-c", Map.of());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void everyEventReachesEveryConsumerExactlyOnceInOrder() {
    Map<String, List<Integer>> onA = record(a);
    Map<String, List<Integer>> onB = record(b);
    Map<String, List<Integer>> onC = record(c);
    Map<String, List<Integer>> onC2 = record(c);

    int total = 10_000;
    // Published from an event loop of A, as a verticle would.
    a.vertx().getOrCreateContext().runOnContext(v -> {
      for (int i = 0; i < total; i++) {
        a.vertx().eventBus().publish(ADDRESSES.get(i % ADDRESSES.size()), new JsonObject().put("n", i));
      }
    });

    for (var received : List.of(onB, onC, onC2)) {
      Eventually.within(Duration.ofSeconds(30), "all " + total + " events arrive", () -> count(received) >= total);
    }
    sleep(300); // anything extra (a duplicate or an echo) would arrive now
    for (var received : List.of(onA, onB, onC, onC2)) {
      assertThat(count(received)).isEqualTo(total);
      for (int k = 0; k < ADDRESSES.size(); k++) {
        List<Integer> expected = new ArrayList<>();
        for (int i = k; i < total; i += ADDRESSES.size()) {
          expected.add(i);
        }
        assertThat(List.copyOf(received.get(ADDRESSES.get(k)))).as("order on " + ADDRESSES.get(k)).isEqualTo(expected);
      }
    }
  }

  @Test
  void headersAndBodyTypesSurviveTheTrip() {
    List<Object> bodies = new CopyOnWriteArrayList<>();
    List<String> headers = new CopyOnWriteArrayList<>();
    c.vertx().eventBus().consumer("jobs.snapshot", m -> {
      bodies.add(m.body());
      headers.add(m.headers().get("x-agent") + "|" + m.headers().get(BusHeaders.ORIGIN));
    });
    DeliveryOptions options = new DeliveryOptions().addHeader("x-agent", "scalper-1");
    a.vertx().eventBus().publish("jobs.snapshot", new JsonObject().put("k", "v"), options);
    a.vertx().eventBus().publish("jobs.snapshot", new JsonArray().add(1).add("two"), options);
    a.vertx().eventBus().publish("jobs.snapshot", "plain text \u00e9\u2603", options);
    a.vertx().eventBus().publish("jobs.snapshot", 42L, options);
    a.vertx().eventBus().publish("jobs.snapshot", 2.5d, options);
    a.vertx().eventBus().publish("jobs.snapshot", true, options);

    Eventually.within(Duration.ofSeconds(5), "six messages", () -> bodies.size() == 6);
    assertThat(bodies).containsExactly(new JsonObject().put("k", "v"), new JsonArray().add(1).add("two"),
        "plain text \u00e9\u2603", 42L, 2.5d, true);
    assertThat(headers).containsOnly("scalper-1|node-a");
  }

  @Test
  void unbridgedAddressesAndPointToPointSendsStayLocal() {
    List<String> onC = new CopyOnWriteArrayList<>();
    c.vertx().eventBus().<String>consumer("internal.only", m -> onC.add(m.body()));
    c.vertx().eventBus().<String>consumer("signal.sent", m -> onC.add(m.body()));
    a.vertx().eventBus().publish("internal.only", "not bridged");
    a.vertx().eventBus().send("signal.sent", "a send, not a publish");
    a.vertx().eventBus().publish("signal.sent", "marker");
    Eventually.within(Duration.ofSeconds(5), "the marker arrives", () -> onC.contains("marker"));
    assertThat(onC).containsExactly("marker");
  }

  @Test
  void consumersDropEventsOfAReplacedLeader() {
    List<String> onC = new CopyOnWriteArrayList<>();
    c.vertx().eventBus().<TradePrint>consumer("market.trade.ZOMBUSDT", m -> onC.add(m.body().source()));
    // A zombie leader on A (epoch 5) goes on publishing after B took over with epoch 9.
    publishFenced(a, 5, "old leader, before the takeover");
    Eventually.within(Duration.ofSeconds(5), "the old leader's event", () -> onC.size() == 1);
    publishFenced(b, 9, "new leader");
    Eventually.within(Duration.ofSeconds(5), "the new leader's event", () -> onC.size() == 2);
    publishFenced(a, 5, "zombie");
    publishFenced(b, 9, "new leader again");
    Eventually.within(Duration.ofSeconds(5), "the new leader's next event", () -> onC.contains("new leader again"));
    // The zombie's event comes from another instance than "new leader again": it may arrive after it.
    Eventually.within(Duration.ofSeconds(5), "the zombie's event dropped", () ->
        c.services().registry().get("mariposa.feed.stale.dropped").counter().count() == 1);
    assertThat(onC).containsExactly("old leader, before the takeover", "new leader", "new leader again");
  }

  /** A trade of ZOMBUSDT whose source says who published it. */
  private static void publishFenced(Mariposa instance, long epoch, String from) {
    TradePrint trade = new TradePrint("ZOMBUSDT", from, 1, 1, epoch, BigDecimal.ONE, BigDecimal.ONE, null, false);
    instance.vertx().eventBus().publish("market.trade.ZOMBUSDT", trade,
        new DeliveryOptions().addHeader(BusHeaders.FEED, "ZOMBUSDT").addHeader(BusHeaders.FEED_EPOCH, Long.toString(epoch)));
  }

  @Test
  void theClusterEndpointListsLiveInstancesAndForgetsStoppedOnes() {
    Mariposa api = cluster.start("node-api", Map.of("ROLES", "http"));
    String url = api.baseUrl() + "/api/cluster";
    Eventually.within(Duration.ofSeconds(5), "four instances listed", () -> ids(url).size() == 4);
    JsonObject body = new JsonObject(Http.get(url).body());
    assertThat(body.getString("self")).isEqualTo("node-api");
    JsonObject nodeApi = body.getJsonArray("instances").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("id").equals("node-api")).findFirst().orElseThrow();
    assertThat(nodeApi.getJsonArray("roles")).containsExactly("http");
    assertThat(nodeApi.getString("http")).endsWith(":" + api.services().httpPort());
    assertThat(nodeApi.getString("version")).isNotBlank();
    assertThat(nodeApi.getString("startedAt")).isNotBlank();

    b.stop();
    Eventually.within(Duration.ofSeconds(3), "node-b is gone", () -> !ids(url).contains("node-b"));
    assertThat(ids(url)).containsExactly("node-a", "node-api", "node-c");
  }

  private static List<String> ids(String url) {
    return new JsonObject(Http.get(url).body()).getJsonArray("instances").stream()
        .map(i -> ((JsonObject) i).getString("id")).toList();
  }

  private static Map<String, List<Integer>> record(Mariposa instance) {
    Map<String, List<Integer>> received = new ConcurrentHashMap<>();
    for (String address : ADDRESSES) {
      List<Integer> list = Collections.synchronizedList(new ArrayList<>());
      received.put(address, list);
      instance.vertx().eventBus().<JsonObject>consumer(address, m -> list.add(m.body().getInteger("n")));
    }
    return received;
  }

  private static int count(Map<String, List<Integer>> received) {
    return received.values().stream().mapToInt(List::size).sum();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
