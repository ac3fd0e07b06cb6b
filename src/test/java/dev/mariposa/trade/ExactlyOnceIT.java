package dev.mariposa.trade;

import static dev.mariposa.testing.Eventually.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.AgentRepository;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.JarFleet;
import dev.mariposa.testing.JarTradeRig;
import dev.mariposa.testing.OkxTickets;
import dev.mariposa.testing.SettledOrders;
import dev.mariposa.testing.TradeStores;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes of the real jar with the trade role share the trade stream's group; 1000 tickets
 * go to a FakeOkx. When about 300 placements have arrived, one process is killed with SIGKILL
 * (orders in flight: intents written, placements sent and not answered, fills not settled) and
 * restarted a second later under the same instance id. Every ticket still ends as exactly one
 * order at the exchange, FILLED and settled in MongoDB with one fill.
 */
class ExactlyOnceIT {
  private static final FakeOkx.Credentials OKX =
      new FakeOkx.Credentials("once-okx-key-51be", "once-okx-secret-b25jZQ", "once-okx-pass-P7w");
  private static final int TICKETS = 1000;
  private static final int KILL_AFTER_PLACEMENTS = 300;
  private static final int AGENTS = 8;

  @TempDir
  Path dir;

  @Test
  void everyTicketIsOneOrderAcrossAKillAndARestart() throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("trade", new JsonObject().put("claimIdleMs", 3000).put("reconcileMs", 2000)).encode());
    JarFleet fleet = new JarFleet("ExactlyOnceIT");
    try (JarTradeRig rig = JarTradeRig.open(dir.resolve("test"), OKX)) {
      FakeOkx fake = rig.okx();
      TradeStores stores = rig.stores();
      RedisConnections connections = stores.redis();
      MongoClient client = stores.client();
      TradeStream stream = stores.stream();
      boolean passed = false;
      AccountAudit audit = null;
      try {
        long now = System.currentTimeMillis();
        List<String> agentIds = OkxTickets.createAgents(new AgentRepository(stores.store()), "once", AGENTS, now);

        Map<String, Integer> ports = new HashMap<>();
        for (String id : List.of("trade-a", "trade-b")) {
          ports.put(id, FreePort.find());
          startTrade(fleet, id, id, ports.get(id), rig, config);
        }
        for (String id : fleet.names()) {
          Eventually.within(Duration.ofSeconds(30), () -> id + " healthy; its output:\n" + fleet.get(id).tail(30),
              () -> Http.status("http://127.0.0.1:" + ports.get(id) + "/health") == 200);
        }

        List<TradeTicket> tickets = OkxTickets.tickets(agentIds, "once", TICKETS, now);
        Map<String, TradeTicket> byClOrdId = tickets.stream()
            .collect(Collectors.toMap(TradeTicket::clOrdId, Function.identity()));
        assertThat(byClOrdId).as("distinct client order ids").hasSize(TICKETS);

        audit = new AccountAudit(client, 25);
        long started = System.nanoTime();
        await("appending the tickets", Future.all(tickets.stream().map(stream::append).toList()));
        long appendedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

        Eventually.within(Duration.ofSeconds(30), () -> KILL_AFTER_PLACEMENTS + " placements, got "
            + fake.placementsReceived(), () -> fake.placementsReceived() >= KILL_AFTER_PLACEMENTS);
        fleet.kill("trade-a");
        long killedAt = System.nanoTime();
        int placementsAtKill = fake.placementsReceived();
        int createdAtKill = fake.ordersCreated();
        Map<String, Long> heldAtKill = SettledOrders.pendingByConsumer(connections, stream);
        Map<String, Long> openAtKill = openOrders(client);
        System.out.printf("ExactlyOnceIT: killed trade-a (SIGKILL) at %d after %d placements, %d orders created; pending by "
            + "consumer %s; unsettled orders by status %s; what trade-a held: %s%n", System.currentTimeMillis(),
            placementsAtKill, createdAtKill,
            heldAtKill, openAtKill, SettledOrders.heldBy("trade-a-0", connections, stream, client, fake));

        Thread.sleep(1000);
        int restartPort = FreePort.find();
        startTrade(fleet, "trade-a", "trade-a-restarted", restartPort, rig, config);

        Eventually.within(Duration.ofSeconds(100), () -> "every order settled: " + settled(client) + " of " + TICKETS
                + "; fake created " + fake.ordersCreated() + ", received " + fake.placementsReceived()
                + "; unsettled by status " + openOrders(client),
            () -> pause(500) && settled(client) == TICKETS);
        long settledMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        long afterKillMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        Eventually.within(Duration.ofSeconds(10), () -> "the group drained, pending " + await("XPENDING", stream.pending()),
            () -> pause(200) && await("XPENDING", stream.pending()) == 0);

        System.out.printf("ExactlyOnceIT: %d tickets appended in %d ms, all settled %d ms after the first append "
                + "(%d ms after the kill); placements received %d, orders created %d, lookups %d, placements "
                + "refused as duplicates (51016) %d, fake's own 429s %d, max placements per instrument in 2 s %d%n",
            TICKETS, appendedMs, settledMs, afterKillMs, fake.placementsReceived(), fake.ordersCreated(),
            fake.lookupsReceived(), fake.duplicatesRefused(),
            fake.placementArrivals().stream().filter(a -> a.status() == 429).count(), fake.maxPlacementsPer2s());

        audit.close();
        if (!audit.anomalies().isEmpty()) {
          System.out.printf("ExactlyOnceIT: account anomalies seen while running: %s%n", audit.anomalies());
        }

        // Exactly one order per ticket at the exchange, none missing, none foreign.
        List<FakeOkx.Order> atExchange = fake.orders();
        Map<String, Long> perClOrdId = atExchange.stream()
            .collect(Collectors.groupingBy(FakeOkx.Order::clOrdId, Collectors.counting()));
        assertThat(fake.ordersCreated()).as("orders created at the exchange").isEqualTo(TICKETS);
        assertThat(perClOrdId.values()).as("orders per clOrdId").allMatch(n -> n == 1);
        assertThat(perClOrdId.keySet()).as("the exchange's orders are exactly the tickets'")
            .containsExactlyInAnyOrderElementsOf(byClOrdId.keySet());

        // Every MongoDB order FILLED, settled, with the exchange's order id and one fill.
        List<JsonObject> stored = client.find("orders", new JsonObject()).await();
        assertThat(stored).as("orders in MongoDB").hasSize(TICKETS);
        Map<String, String> ordIds = atExchange.stream()
            .collect(Collectors.toMap(FakeOkx.Order::clOrdId, FakeOkx.Order::ordId));
        List<String> problems = new ArrayList<>(SettledOrders.notFilledAndSettled(client, stored));
        for (JsonObject order : stored) {
          String id = order.getString("_id");
          assertThat(order.getString("exchangeOrderId")).as("exchange order id of %s", id).isEqualTo(ordIds.get(id));
        }
        // One fill per order, each counted once in its agent's account.
        problems.addAll(SettledOrders.oneFillEachCountedOnce(client, tickets));
        assertThat(problems).as("orders, fills and accounts in MongoDB").isEmpty();

        List<String> deadLetters = SettledOrders.deadLetters(connections, stream);
        if (!deadLetters.isEmpty()) {
          System.out.printf("ExactlyOnceIT: dead letters %s%n", deadLetters);
        }
        assertThat(deadLetters).as("dead-lettered entries").isEmpty();
        assertThat(stream.pending().await()).as("pending entries of the group").isZero();
        passed = true;
      } finally {
        if (audit != null) {
          audit.close();
        }
        if (!passed) {
          fleet.keepLogs();
        }
        fleet.close();
      }
    }
  }

  private void startTrade(JarFleet fleet, String id, String workDir, int port, JarTradeRig rig, Path config) {
    Map<String, String> env = rig.env();
    env.put("INSTANCE_ID", id);
    env.put("ROLES", "trade");
    env.put("HTTP_PORT", Integer.toString(port));
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("DATA_DIR", dir.resolve(workDir).resolve("data").toString());
    env.put("MARKET_SOURCE", "synthetic");
    env.put("SYMBOLS", String.join(",", OkxTickets.SYMBOLS));
    env.put("VERTX_CONFIG_PATH", config.toString());
    fleet.start(id, dir.resolve(workDir), env);
  }

  private static long settled(MongoClient client) {
    return await("counting settled orders", client.count("orders", new JsonObject().put("settled", true)));
  }

  /** Unsettled orders by status. */
  private static Map<String, Long> openOrders(MongoClient client) {
    return await("finding unsettled orders", client.find("orders", new JsonObject().put("settled", false))).stream()
        .collect(Collectors.groupingBy(o -> o.getString("status"), TreeMap::new, Collectors.counting()));
  }

  /** Awaits, naming what failed (Vert.x timeouts carry no stack). */
  private static <T> T await(String what, Future<T> future) {
    return future.recover(t -> Future.failedFuture(new AssertionError(what + " failed: " + t, t))).await();
  }
}
