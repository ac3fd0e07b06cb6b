package dev.mariposa.trade;

import static dev.mariposa.testing.Eventually.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.OkxTickets;
import dev.mariposa.testing.SettledOrders;
import dev.mariposa.testing.TestCluster;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trade instance against a FakeOkx that fails about 20% of placements, spread over every kind
 * of fault it knows (rate limited, HTTP 500 after creating, 503/50001, no answer after creating,
 * a forced 51016, 50004 after creating). Every ticket still ends as exactly one order at the
 * exchange, FILLED and settled in MongoDB with one fill, the trade stream drained.
 */
class OkxFaultsTest {
  private static final FakeOkx.Credentials OKX =
      new FakeOkx.Credentials("faults-okx-key-3a9f", "faults-okx-secret-c2VjcmV0", "faults-okx-pass-Xq1");
  private static final long SEED = 20_240_613L;
  private static final double FAULT_SHARE = 0.20;
  private static final int TICKETS = 200;
  private static final int AGENTS = 8;

  @TempDir
  Path dir;

  @Test
  void everyTicketIsOneFilledSettledOrderDespiteFaults() {
    Map<Fault, Double> faults = new LinkedHashMap<>();
    for (Fault f : List.of(Fault.RATE_LIMITED, Fault.HTTP_500, Fault.UNAVAILABLE, Fault.TIMEOUT_AFTER_ACCEPT,
        Fault.DUPLICATE, Fault.UNKNOWN_AFTER_ACCEPT)) {
      faults.put(f, FAULT_SHARE / 6);
    }
    // The exchange on event loops of its own; no answer at all after accepting: the client's request timeout (5 s) runs out.
    try (FakeOkx fake = FakeOkx.startAlone(OKX, true).fillPrice(OkxTickets.PRICE).lateAnswerMs(-1)
            .randomFaults(SEED, faults);
         TestCluster cluster = new TestCluster(dir)) {
      Map<String, String> env = new HashMap<>(fake.env());
      env.put("ROLES", "trade");
      Mariposa node = cluster.start("trade-faults", env,
          json -> json.getJsonObject("trade").put("claimIdleMs", 2000).put("reconcileMs", 1000));
      var platform = node.services();
      MongoClient mongo = platform.mongo().client();

      long now = System.currentTimeMillis();
      List<String> agentIds = OkxTickets.createAgents(new AgentRepository(platform.mongo()), "faults", AGENTS, now);
      node.vertx().eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject());

      TradeStream stream = new TradeStream(platform.redis(), platform.keys());
      List<TradeTicket> tickets = OkxTickets.tickets(agentIds, "faults", TICKETS, now);
      Map<String, TradeTicket> byClOrdId = tickets.stream()
          .collect(Collectors.toMap(TradeTicket::clOrdId, Function.identity()));
      assertThat(byClOrdId).as("distinct client order ids").hasSize(TICKETS);

      long started = System.nanoTime();
      Future.all(tickets.stream().map(stream::append).toList()).await();

      Eventually.within(Duration.ofSeconds(55), () -> "every order settled: " + count(mongo, "orders",
              new JsonObject().put("settled", true)) + " of " + TICKETS + " settled; fake created " + fake.ordersCreated()
              + ", received " + fake.placementsReceived(),
          () -> pause(250) && count(mongo, "orders", new JsonObject().put("settled", true)) == TICKETS);
      Eventually.within(Duration.ofSeconds(5), () -> "the group drained, pending " + stream.pending().await(),
          () -> pause(100) && stream.pending().await() == 0);
      long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

      // The fake draws one fault per placement that passed authentication and its own rate limit
      // (an arrival answered 200), and counts those it injected.
      int draws = (int) fake.placementArrivals().stream().filter(a -> a.status() == 200).count();
      Map<Fault, Integer> injected = fake.injected().getOrDefault(FakeOkx.Call.PLACE, Map.of());
      int total = injected.values().stream().mapToInt(Integer::intValue).sum();
      int natural429 = (int) fake.placementArrivals().stream().filter(a -> a.status() == 429).count();
      int forcedDuplicates = injected.getOrDefault(Fault.DUPLICATE, 0);
      System.out.printf("OkxFaultsTest: %d tickets settled in %d ms; placements received %d (faults drawn over %d), "
              + "orders created %d, lookups %d, 51016 refusals %d (forced %d, natural %d), fake's own 429s %d%n",
          TICKETS, tookMs, fake.placementsReceived(), draws, fake.ordersCreated(), fake.lookupsReceived(),
          fake.duplicatesRefused(), forcedDuplicates, fake.duplicatesRefused() - forcedDuplicates, natural429);
      System.out.printf("OkxFaultsTest: faults injected %s (total %d = %.1f%% of %d draws)%n", injected, total,
          100.0 * total / Math.max(1, draws), draws);
      System.out.printf("OkxFaultsTest: executor outcomes %s%n", outcomes(node));

      for (Fault f : faults.keySet()) {
        assertThat(injected.getOrDefault(f, 0)).as("faults of kind %s injected", f).isPositive();
      }

      // (a) No duplicate: one order per ticket at the exchange, and none twice.
      List<FakeOkx.Order> atExchange = fake.orders();
      Map<String, Long> perClOrdId = atExchange.stream()
          .collect(Collectors.groupingBy(FakeOkx.Order::clOrdId, Collectors.counting()));
      assertThat(fake.ordersCreated()).as("orders created at the exchange").isEqualTo(TICKETS);
      assertThat(perClOrdId.values()).as("orders per clOrdId at the exchange").allMatch(n -> n == 1);
      assertThat(perClOrdId.keySet()).as("the exchange's orders are exactly the tickets'")
          .containsExactlyInAnyOrderElementsOf(byClOrdId.keySet());
      for (String clOrdId : byClOrdId.keySet()) {
        assertThat(fake.order(clOrdId)).as("order %s at the exchange", clOrdId).isPresent();
      }

      // (b) No orphan: every exchange order is FILLED and settled in MongoDB, and nothing else is there.
      List<JsonObject> stored = mongo.find("orders", new JsonObject()).await();
      Map<String, JsonObject> storedById = stored.stream().collect(Collectors.toMap(o -> o.getString("_id"), o -> o));
      assertThat(storedById).as("orders in MongoDB").hasSize(TICKETS);
      for (FakeOkx.Order o : atExchange) {
        JsonObject order = storedById.get(o.clOrdId());
        assertThat(order).as("MongoDB order of exchange order %s", o.clOrdId()).isNotNull();
        assertThat(order.getString("clOrdId")).isEqualTo(o.clOrdId());
        assertThat(order.getString("exchangeOrderId")).as("exchange order id of %s", o.clOrdId()).isEqualTo(o.ordId());
      }
      List<String> problems = new ArrayList<>(SettledOrders.notFilledAndSettled(mongo, stored));
      for (JsonObject order : stored) {
        assertThat(new BigDecimal(order.getString("filledQuantity"))).isEqualByComparingTo("0.001");
      }
      // One fill per order, each counted once in its agent's account.
      problems.addAll(SettledOrders.oneFillEachCountedOnce(mongo, tickets));
      assertThat(problems).as("orders, fills and accounts in MongoDB").isEmpty();

      // (d) Nothing left pending, nothing dead-lettered.
      assertThat(stream.pending().await()).as("pending entries of the group").isZero();
      List<String> deadLetters = SettledOrders.deadLetters(platform.redis(), stream);
      if (!deadLetters.isEmpty()) {
        System.out.printf("OkxFaultsTest: dead letters %s%n", deadLetters);
      }
      assertThat(deadLetters).as("dead-lettered entries").isEmpty();
    }
  }

  private static long count(MongoClient mongo, String collection, JsonObject query) {
    return mongo.count(collection, query).await();
  }

  private static Map<String, Long> outcomes(Mariposa node) {
    Map<String, Long> outcomes = new TreeMap<>();
    for (Counter c : node.services().registry().find("mariposa.orders").counters()) {
      outcomes.merge(c.getId().getTag("outcome"), (long) c.count(), Long::sum);
    }
    return outcomes;
  }
}
