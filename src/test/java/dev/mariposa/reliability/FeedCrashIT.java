package dev.mariposa.reliability;

import static dev.mariposa.testing.Eventually.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.AgentRepository;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.embedded.FreePort;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.JarFleet;
import dev.mariposa.testing.JarTradeRig;
import dev.mariposa.testing.OkxTickets;
import dev.mariposa.testing.SettledOrders;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TradeStores;
import dev.mariposa.testing.TickWatch;
import dev.mariposa.testing.TickWatch.Tick;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, part 2: instance crashes, with the shipped lease TTL. Two processes of the real jar
 * run the feed and trade roles on one Redis and one MongoDB-wire server; the feed replays
 * ZILUSDT from the real 2021-04-05 capture (looping, 5× speed) and the trade role trades tickets
 * on a fake OKX. The ZILUSDT feed leader is killed with SIGKILL {@value #KILLS} times, a fresh
 * instance replacing each victim once the feed has resumed: each time another instance publishes
 * ticks within the lease TTL + 1 s, under a larger epoch, and the dead one never again. The first
 * victim dies while its trade consumer holds pending entries of {@value #TICKETS} tickets in
 * flight; it never comes back under its name, so the others must take them over (after
 * trade.claimIdleMs), and every ticket is still exactly one order at the exchange, filled and
 * settled once. ExactlyOnceIT covers the other path: the killed consumer restarted under its name.
 */
class FeedCrashIT {
  private static final String SYMBOL = "ZILUSDT";
  private static final FakeOkx.Credentials OKX =
      new FakeOkx.Credentials("crash-okx-key-4d2a", "crash-okx-secret-Y3Jhc2g", "crash-okx-pass-Wm3");
  private static final int KILLS = 3;
  private static final int TICKETS = 300;
  private static final int AGENTS = 8;
  private static final long CLAIM_IDLE_MS = 3000;
  /** Enough pending entries at the victim that the kill interrupts work, not a tail end. */
  private static final long HELD_AT_KILL = 10;

  @TempDir
  Path dir;

  private final JarFleet fleet = new JarFleet("FeedCrashIT");
  private final Map<String, Integer> ports = new HashMap<>();

  @Test
  void theFeedResumesWithinTheLeaseTtlAndPendingTradesExecuteOnce() throws Exception {
    long leaseTtlMs = ConfigLoader.defaults().getJsonObject("feed").getLong("leaseTtlMs"); // the shipped 5 s
    String replay = SharedData.captureReplay(dir, SYMBOL);
    Path config = dir.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("market", new JsonObject().put("replayLoop", true))
        .put("trade", new JsonObject().put("claimIdleMs", CLAIM_IDLE_MS).put("reconcileMs", 2000)).encode());
    boolean passed = false;
    try (JarTradeRig rig = JarTradeRig.open(dir.resolve("test"), OKX)) {
      FakeOkx fake = rig.okx();
      TradeStores stores = rig.stores();
      RedisConnections connections = stores.redis();
      MongoClient client = stores.client();
      TradeStream stream = stores.stream();
      TickWatch ticks = TickWatch.start(rig.vertx(), rig.redis().url(), SYMBOL);
      try {
        long now = System.currentTimeMillis();
        List<String> agentIds = OkxTickets.createAgents(new AgentRepository(stores.store()), "crash", AGENTS, now);
        for (int n = 1; n <= 2; n++) {
          start("crash-" + n, rig, config, replay);
        }
        fleet.names().forEach(this::awaitHealthy);
        Eventually.within(Duration.ofSeconds(20), "ticks flow", () -> ticks.size() > 20);

        List<TradeTicket> tickets = OkxTickets.tickets(agentIds, "crash", TICKETS, now);
        List<Long> takeovers = new ArrayList<>();
        List<Long> afterExpiry = new ArrayList<>();
        String leaseKey = stores.keys().key("lock:", RedisKeys.tag("feed:" + SYMBOL));
        long drainMs = -1;
        for (int kill = 1; kill <= KILLS; kill++) {
          Tick before = ticks.last();
          String victim = before.origin();
          if (kill == 1) {
            Future.all(tickets.stream().map(stream::append).toList()).await();
            Eventually.within(Duration.ofSeconds(20), () -> victim + " holds " + HELD_AT_KILL + " pending entries: "
                    + SettledOrders.pendingByConsumer(connections, stream),
                () -> SettledOrders.pendingByConsumer(connections, stream).getOrDefault(victim + "-0", 0L) >= HELD_AT_KILL);
          }

          long killedAt = System.currentTimeMillis();
          fleet.kill(victim);
          long leaseLeftMs = connections.send(Request.cmd(Command.PTTL).arg(leaseKey)).await().toLong();
          // What the dead consumer held: its entries stay its own until another claims them (claimIdleMs).
          List<String> held = kill == 1 ? SettledOrders.clOrdIdsHeldBy(victim + "-0", connections, stream) : List.of();
          Map<String, Long> heldStates = SettledOrders.states(held, client, fake);
          Eventually.within(Duration.ofMillis(leaseTtlMs + 5000), () -> "another instance feeds " + SYMBOL
              + " after " + victim + " was killed; last tick " + ticks.last(), () -> !ticks.last().origin().equals(victim));
          Tick first = ticks.snapshot().stream().filter(t -> !t.origin().equals(victim) && t.arrivedAt() >= killedAt)
              .findFirst().orElseThrow();
          long takeover = first.arrivedAt() - killedAt;
          takeovers.add(takeover);
          afterExpiry.add(takeover - leaseLeftMs);
          System.out.printf("FeedCrashIT: kill %d: %s (SIGKILL) with %d ms left on its lease, %s fed %s %d ms later "
                  + "(%d ms after the lease expired; TTL %d ms), epoch %d -> %d%n", kill, victim, leaseLeftMs,
              first.origin(), SYMBOL, takeover, takeover - leaseLeftMs, leaseTtlMs, before.epoch(), first.epoch());
          assertThat(first.epoch()).as("the new leader's epoch is larger").isGreaterThan(before.epoch());
          List<Tick> after = ticks.snapshot().stream().filter(t -> t.arrivedAt() >= first.arrivedAt()).toList();
          assertThat(after).as("no tick of %s once %s feeds", victim, first.origin())
              .noneMatch(t -> t.origin().equals(victim));

          if (kill == 1) {
            List<String> orders = held;
            Eventually.within(Duration.ofSeconds(30), () -> "the " + orders.size() + " orders " + victim + " held settled",
                () -> pause(100) && count(client, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(orders)))
                    .put("settled", true)) == orders.size());
            drainMs = System.currentTimeMillis() - killedAt;
            System.out.printf("FeedCrashIT: %s held %d entries at the kill (%s); all settled by the others %d ms after "
                + "it (trade.claimIdleMs %d)%n", victim, held.size(), heldStates, drainMs, CLAIM_IDLE_MS);
          }
          if (kill < KILLS) {
            String replacement = "crash-" + (2 + kill);
            start(replacement, rig, config, replay);
            awaitHealthy(replacement);
          }
        }

        Eventually.within(Duration.ofSeconds(60), () -> "every ticket settled: " + count(client,
                new JsonObject().put("settled", true)) + " of " + TICKETS,
            () -> pause(250) && count(client, new JsonObject().put("settled", true)) == TICKETS);
        Eventually.within(Duration.ofSeconds(10), () -> "the group drained, pending " + stream.pending().await(),
            () -> pause(200) && stream.pending().await() == 0);

        List<Long> sorted = takeovers.stream().sorted().toList();
        int natural51016 = fake.duplicatesRefused();
        System.out.printf("FeedCrashIT: feed takeovers after kill -9 %s ms, median %d ms, max %d ms (lease TTL %d ms, "
                + "bound %d ms), each %s ms after the dead leader's lease expired; trade: %d tickets, %d orders created, "
                + "%d placements received, %d lookups, placements of a clOrdId the exchange already had %d, pending "
                + "entries of the dead consumer settled %d ms after the kill%n", takeovers, sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1), leaseTtlMs, leaseTtlMs + 1000, afterExpiry, TICKETS, fake.ordersCreated(),
            fake.placementsReceived(), fake.lookupsReceived(), natural51016, drainMs);

        assertThat(takeovers).as("feed takeovers within the lease TTL + 1 s").allMatch(t -> t <= leaseTtlMs + 1000);

        // Exactly one order per ticket at the exchange, none sent again, none missing, none foreign.
        Map<String, Long> perClOrdId = fake.orders().stream()
            .collect(Collectors.groupingBy(FakeOkx.Order::clOrdId, Collectors.counting()));
        assertThat(perClOrdId.values()).as("orders per clOrdId").allMatch(n -> n == 1);
        assertThat(perClOrdId.keySet()).as("the exchange's orders are exactly the tickets'")
            .containsExactlyInAnyOrderElementsOf(tickets.stream().map(TradeTicket::clOrdId).toList());
        assertThat(natural51016).as("placements of a clOrdId the exchange already had").isZero();

        // Every order FILLED and settled in MongoDB with the exchange's id, one fill each, counted once.
        List<JsonObject> stored = client.find("orders", new JsonObject()).await();
        assertThat(stored).as("orders in MongoDB").hasSize(TICKETS);
        Map<String, String> ordIds = fake.orders().stream()
            .collect(Collectors.toMap(FakeOkx.Order::clOrdId, FakeOkx.Order::ordId));
        List<String> problems = new ArrayList<>(SettledOrders.notFilledAndSettled(client, stored));
        stored.stream().filter(o -> !o.getString("exchangeOrderId", "").equals(ordIds.get(o.getString("_id"))))
            .forEach(o -> problems.add(o.getString("_id") + " has exchange order id " + o.getString("exchangeOrderId")));
        problems.addAll(SettledOrders.oneFillEachCountedOnce(client, tickets));
        assertThat(problems).as("orders, fills and accounts in MongoDB").isEmpty();
        assertThat(SettledOrders.deadLetters(connections, stream)).as("dead-lettered entries").isEmpty();
        passed = true;
      } finally {
        if (!passed) {
          fleet.keepLogs();
        }
        fleet.close();
        ticks.close();
      }
    }
  }

  private void start(String id, JarTradeRig rig, Path config, String replay) {
    ports.put(id, FreePort.find());
    Map<String, String> env = rig.env();
    env.put("INSTANCE_ID", id);
    env.put("ROLES", "feed,trade");
    env.put("HTTP_PORT", Integer.toString(ports.get(id)));
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("DATA_DIR", dir.resolve(id).resolve("data").toString());
    env.put("MARKET_SOURCE", "replay");
    env.put("REPLAY_FILES", replay);
    env.put("REPLAY_SPEED", "5");
    env.put("VERTX_CONFIG_PATH", config.toString());
    fleet.start(id, dir.resolve(id), env);
  }

  private void awaitHealthy(String id) {
    Eventually.within(Duration.ofSeconds(30), () -> id + " healthy; its output:\n" + fleet.get(id).tail(30),
        () -> Http.status("http://127.0.0.1:" + ports.get(id) + "/health") == 200);
  }

  private static long count(MongoClient client, JsonObject query) {
    return client.count("orders", query).await();
  }
}
