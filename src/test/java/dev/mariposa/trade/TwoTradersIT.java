package dev.mariposa.trade;

import static dev.mariposa.testing.Eventually.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.BusHeaders;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.Signals;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.TestCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two trade processes share the trade stream's group, and each agent's orders are still driven
 * one at a time: never two orders of one agent at once, though they alternate between the
 * processes as the group hands the entries out.
 *
 * <p>Three instances in this JVM (their own Vert.x, event bus and meter registry each, joined by
 * Redis and the MongoDB-wire server): "signal" (feed and signal roles: the synthetic market puts
 * the books in the Redis cache, the signal role decides), "trade-a" and "trade-b" (the trade
 * role, two consumers each). {@value #AGENTS} paper agents trading BTCUSDT and ETHUSDT each get a
 * burst of {@value #SIGNALS_PER_AGENT} signals at once, BUY and SELL of both symbols. A BUY is sized
 * to the position notional limit (200 USDT, far above the venue's 5 USDT minimum and within the
 * book's first level), a SELL sells the whole position, so a signal either fills or is rejected
 * with a recorded reason (a SELL with nothing to sell, a BUY with the position at its limit). Two
 * symbols, because with one the risk gate alone keeps an agent's orders apart (a BUY takes all the
 * room, a SELL needs a settled position); a BUY of ETHUSDT while one of BTCUSDT is in flight
 * passes the gate, and only the wait for the order in flight keeps it from overlapping (a signal
 * role that skips that wait fails this test).
 *
 * <p>"One at a time" is checked per agent on its orders sorted by intent time, comparing for each
 * two consecutive orders i and i+1:
 * <ul>
 *   <li>the end of i: the wall time at which its trade event was published on {@code trade.<agentId>},
 *   read by an outbound interceptor on each trade process's bus, synchronously in the publishing
 *   call (the copy the Redis bridge publishes on the other instances, which carries its origin, is
 *   left out). The engine publishes only after the fills, the account and the order's {@code settled}
 *   flag are written, and the trade role removes the in-flight entry only after that; so this time
 *   is no earlier than the moment i became durable and no later than the removal of its in-flight
 *   entry, the event the next decision waits for;</li>
 *   <li>the start of i+1: its {@code createdAt}, the decision clock's time (the wall clock, live)
 *   read before the intent is inserted, so no later than the moment i+1 began to be driven.</li>
 * </ul>
 * end(i) &le; start(i+1) for every pair means no order's intent was written while the agent's
 * previous order was not settled: the intervals [intent, settled] are disjoint, up to the clock's
 * millisecond (a true overlap within one millisecond would pass). The stored fields alone give a
 * weaker bound: an order's {@code updatedAt} is stamped just before its settling write is sent, not
 * when it is acknowledged; it is checked too, and lies within [createdAt, end]. The interceptor
 * also says which process drove each order: each order is published exactly once, both processes
 * drove orders, and the orders of some agent went through both.
 */
class TwoTradersIT {
  private static final int AGENTS = 12;
  private static final int SIGNALS_PER_AGENT = 8;
  private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
  private static final List<String> TRADERS = List.of("trade-a", "trade-b");

  @TempDir
  Path dir;

  /** A trade event seen leaving a trade process: which, when (wall ms), for which order. */
  record Published(String node, long at, String clOrdId, String agentId, String status) {}

  @Test
  void eachAgentsOrdersAreDrivenOneAtATimeAcrossTwoTradeProcesses() {
    try (TestCluster cluster = new TestCluster(dir)) {
      // No demo agents; two trade consumers per process.
      Consumer<JsonObject> tweaks = json -> {
        json.getJsonObject("analysis").put("seedAgents", false);
        json.getJsonObject("instances").put("trade", 2);
      };
      Map<String, String> market = Map.of("SYMBOLS", String.join(",", SYMBOLS), "MARKET_SOURCE", "synthetic");
      Mariposa signal = cluster.start("signal", with(market, "ROLES", "feed,signal"), tweaks);
      Map<String, Mariposa> traders = new TreeMap<>();
      List<Published> published = new CopyOnWriteArrayList<>();
      for (String name : TRADERS) {
        Mariposa node = cluster.start(name, with(market, "ROLES", "trade"), tweaks);
        traders.put(name, node);
        recordTradeEvents(node, name, published);
      }
      Eventually.within(Duration.ofSeconds(15), "the books and tickers of " + SYMBOLS + " in the cache", () -> pause(100)
          && SYMBOLS.stream().allMatch(symbol -> signal.services().market().latestOrderBook(symbol, 20).await().isPresent()
              && signal.services().market().latestTicker(symbol).await().isPresent()));

      List<String> agentIds = createAgents(signal);
      for (Mariposa node : List.of(signal, traders.get("trade-a"), traders.get("trade-b"))) {
        node.vertx().eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject().put("change", "created"));
      }

      List<String> signalIds = submitBursts(signal.verticles().signalDesk(), agentIds);
      MongoClient mongo = signal.services().mongo().client();
      Eventually.within(Duration.ofSeconds(30), () -> "every signal decided: " + statuses(mongo, signalIds),
          () -> pause(200) && decided(mongo, signalIds) == signalIds.size());
      Eventually.within(Duration.ofSeconds(10), () -> "every order settled and told: " + orderStatuses(mongo)
              + ", trade events " + published.size(),
          () -> pause(200) && mongo.count("orders", new JsonObject().put("settled", false)).await() == 0
              && published.size() >= mongo.count("orders", new JsonObject()).await());

      List<JsonObject> signals = mongo.find("signals", in(signalIds)).await();
      List<JsonObject> orders = mongo.find("orders", new JsonObject()).await();
      List<JsonObject> atExchange = mongo.find("paper_orders", new JsonObject()).await();
      report(signals, orders, published);

      everySignalAccountedFor(signals, orders, atExchange);
      eachAgentOneOrderAtATime(agentIds, orders, atExchange, published);
      bothProcessesDroveOrders(traders, orders, published);
    }
  }

  // ---- the assertions -------------------------------------------------------------------------

  /** Sent or rejected with its reason; each sent signal one settled, filled order, placed once at the exchange. */
  private static void everySignalAccountedFor(List<JsonObject> signals, List<JsonObject> orders,
                                              List<JsonObject> atExchange) {
    assertThat(signals).as("signals recorded").hasSize(AGENTS * SIGNALS_PER_AGENT);
    assertThat(signals).as("signals neither sent nor rejected")
        .filteredOn(s -> !Set.of("sent", "rejected").contains(s.getString("status"))).isEmpty();
    assertThat(signals).as("rejections without a check and a reason").filteredOn(s -> "rejected".equals(s.getString("status"))
        && (s.getString("check", "").isEmpty() || s.getString("reason", "").isEmpty())).isEmpty();

    Map<String, List<JsonObject>> ordersBySignal = orders.stream()
        .collect(Collectors.groupingBy(o -> o.getString("signalId")));
    Set<String> sent = signals.stream().filter(s -> "sent".equals(s.getString("status")))
        .map(s -> s.getString("_id")).collect(Collectors.toSet());
    assertThat(ordersBySignal.keySet()).as("the signals that have orders are the sent ones")
        .containsExactlyInAnyOrderElementsOf(sent);
    assertThat(ordersBySignal.values()).as("orders per sent signal").allMatch(list -> list.size() == 1);
    assertThat(orders).as("orders not settled and FILLED")
        .filteredOn(o -> !o.getBoolean("settled", false) || !"FILLED".equals(o.getString("status"))).isEmpty();

    Map<String, Long> placements = atExchange.stream()
        .collect(Collectors.groupingBy(p -> p.getString("_id"), Collectors.counting()));
    assertThat(placements.values()).as("paper orders per clOrdId").allMatch(n -> n == 1);
    assertThat(placements.keySet()).as("the paper exchange's orders are exactly the stored orders")
        .containsExactlyInAnyOrderElementsOf(orders.stream().map(o -> o.getString("_id")).toList());
  }

  /** Per agent, by intent time: each order settled (and told) before the next one's intent; see the class comment. */
  private static void eachAgentOneOrderAtATime(List<String> agentIds, List<JsonObject> orders, List<JsonObject> atExchange,
                                               List<Published> published) {
    Map<String, List<Published>> events = published.stream().collect(Collectors.groupingBy(Published::clOrdId));
    assertThat(events.keySet()).as("orders told on trade.<agentId>")
        .containsExactlyInAnyOrderElementsOf(orders.stream().map(o -> o.getString("_id")).toList());
    assertThat(events.entrySet()).as("orders told more than once (driven twice?)")
        .filteredOn(e -> e.getValue().size() != 1).isEmpty();
    Map<String, Long> placedAt = atExchange.stream()
        .collect(Collectors.toMap(p -> p.getString("_id"), p -> p.getLong("createdAt")));

    List<String> overlaps = new ArrayList<>();
    long closest = Long.MAX_VALUE;
    for (String agentId : agentIds) {
      List<JsonObject> own = orders.stream().filter(o -> agentId.equals(o.getString("agentId")))
          .sorted(Comparator.comparingLong((JsonObject o) -> o.getLong("createdAt"))
              .thenComparingLong(o -> placedAt.get(o.getString("_id"))))
          .toList();
      assertThat(own).as("orders of %s (a BUY and a SELL at least)", agentId).hasSizeGreaterThanOrEqualTo(2);
      for (JsonObject order : own) {
        String id = order.getString("_id");
        long intent = order.getLong("createdAt");
        long end = events.get(id).get(0).at();
        assertThat(placedAt.get(id)).as("%s placed within [intent %d, told %d]", id, intent, end).isBetween(intent, end);
        assertThat(order.getLong("updatedAt")).as("%s settling write stamped within [intent, told]", id)
            .isBetween(intent, end);
      }
      for (int i = 0; i + 1 < own.size(); i++) {
        JsonObject previous = own.get(i);
        JsonObject next = own.get(i + 1);
        Published told = events.get(previous.getString("_id")).get(0);
        long nextIntent = next.getLong("createdAt");
        closest = Math.min(closest, nextIntent - told.at());
        if (told.at() > nextIntent || previous.getLong("updatedAt") > nextIntent) {
          overlaps.add(String.format("%s: %s (intent %d, settling write %d, told %d by %s) overlaps %s (intent %d, by %s)",
              agentId, previous.getString("_id"), previous.getLong("createdAt"), previous.getLong("updatedAt"), told.at(),
              told.node(), next.getString("_id"), nextIntent, events.get(next.getString("_id")).get(0).node()));
        }
      }
    }
    System.out.printf("TwoTradersIT: smallest gap from an order told to its agent's next intent: %d ms%n", closest);
    assertThat(overlaps).as("orders of one agent driven at the same time").isEmpty();
  }

  /** Each process placed orders (its own registry's counter); together, every order; some agent's went through both. */
  private static void bothProcessesDroveOrders(Map<String, Mariposa> traders, List<JsonObject> orders,
                                               List<Published> published) {
    Map<String, Double> accepted = new TreeMap<>();
    traders.forEach((name, node) -> accepted.put(name, acceptedPlacements(node.services().registry())));
    Map<String, Long> told = published.stream().collect(Collectors.groupingBy(Published::node, TreeMap::new,
        Collectors.counting()));
    System.out.printf("TwoTradersIT: placements accepted by process %s; orders told by process %s%n", accepted, told);
    assertThat(accepted.values()).as("placements accepted by each process %s", accepted).allMatch(n -> n > 0);
    assertThat(accepted.values().stream().mapToDouble(Double::doubleValue).sum()).as("placements accepted in all")
        .isEqualTo((double) orders.size());
    traders.keySet().forEach(name -> assertThat(told.getOrDefault(name, 0L).doubleValue())
        .as("orders told by %s, its accepted placements", name).isEqualTo(accepted.get(name)));

    Map<String, Set<String>> processesByAgent = published.stream().collect(Collectors.groupingBy(Published::agentId,
        Collectors.mapping(Published::node, Collectors.toSet())));
    long shared = processesByAgent.values().stream().filter(nodes -> nodes.size() == 2).count();
    System.out.printf("TwoTradersIT: %d of %d agents had orders driven by both processes%n", shared, AGENTS);
    assertThat(shared).as("agents whose orders went through both processes").isPositive();
  }

  // ---- fixtures -------------------------------------------------------------------------------

  private static List<String> createAgents(Mariposa node) {
    AgentRepository repository = new AgentRepository(node.services().mongo());
    // Two positions, 200 USDT each at most; 600 orders a minute; no loss limits, no cooldown, no stops (no exits of their own).
    Agent.RiskLimits limits = new Agent.RiskLimits(2, 200, 600, 1e6, 100, 0, 5, 0, 0, 0);
    List<String> ids = IntStream.range(0, AGENTS).mapToObj(a -> String.format("two-traders-%02d", a)).toList();
    long now = System.currentTimeMillis();
    Future.all(ids.stream().map(id -> repository.create(new Agent(id, id, SYMBOLS, "1m",
        List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)), 0.5, 0.6, limits,
        new Agent.Account(Agent.Exchange.PAPER, 100_000), true, 0, 0, 0), now)).toList()).await();
    return ids;
  }

  /**
   * {@value #SIGNALS_PER_AGENT} signals per agent queued at once: BUY BTCUSDT, BUY ETHUSDT, SELL
   * BTCUSDT, SELL ETHUSDT, again; their ids.
   */
  private static List<String> submitBursts(SignalDesk desk, List<String> agentIds) {
    long now = System.currentTimeMillis();
    List<Signal> signals = new ArrayList<>();
    for (int n = 0; n < SIGNALS_PER_AGENT; n++) {
      Signal.Action action = n / 2 % 2 == 0 ? Signal.Action.BUY : Signal.Action.SELL;
      String symbol = SYMBOLS.get(n % 2);
      for (String agentId : agentIds) {
        signals.add(Signals.requested(agentId, symbol, action, 1.0, 0, "burst-" + n, now, Duration.ofSeconds(60)));
      }
    }
    List<Boolean> queued = Future.all(signals.stream().map(desk::submit).toList()).await().list();
    assertThat(queued).as("signals queued").allMatch(Boolean.TRUE::equals);
    return signals.stream().map(Signal::id).toList();
  }

  /**
   * Every trade event a process publishes, with the wall time of the publishing call; not the copies
   * of the other processes' events that the Redis bridge publishes here (they carry their origin).
   */
  private static void recordTradeEvents(Mariposa node, String name, List<Published> published) {
    node.vertx().eventBus().addOutboundInterceptor(context -> {
      long at = System.currentTimeMillis();
      boolean relayed = context.message().headers().contains(BusHeaders.ORIGIN); // another instance's, via Redis
      if (!relayed && context.message().body() instanceof TradeEvent event && context.message().address().startsWith("trade.")) {
        JsonObject order = new JsonObject(event.orderJson());
        published.add(new Published(name, at, order.getString("_id"), order.getString("agentId"),
            order.getString("status")));
      }
      context.next();
    });
  }

  private static double acceptedPlacements(MeterRegistry registry) {
    return registry.find("mariposa.orders").tag("outcome", "accepted").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    Map<String, String> all = new HashMap<>(env);
    all.put(key, value);
    return all;
  }

  private static JsonObject in(List<String> ids) {
    return new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(new ArrayList<>(ids))));
  }

  /** Signals with an outcome recorded (any status: one other than sent or rejected fails later, by name). */
  private static long decided(MongoClient mongo, List<String> ids) {
    return mongo.count("signals", in(ids)).await();
  }

  private static Map<String, Long> statuses(MongoClient mongo, List<String> ids) {
    return mongo.find("signals", in(ids)).await().stream()
        .collect(Collectors.groupingBy(s -> s.getString("status"), TreeMap::new, Collectors.counting()));
  }

  private static Map<String, Long> orderStatuses(MongoClient mongo) {
    return mongo.find("orders", new JsonObject()).await().stream()
        .collect(Collectors.groupingBy(o -> o.getString("status") + (o.getBoolean("settled", false) ? "/settled" : ""),
            TreeMap::new, Collectors.counting()));
  }

  private static void report(List<JsonObject> signals, List<JsonObject> orders, List<Published> published) {
    Map<String, Long> outcomes = signals.stream().collect(Collectors.groupingBy(
        s -> s.getString("status") + ("rejected".equals(s.getString("status")) ? ":" + s.getString("check") : ""),
        TreeMap::new, Collectors.counting()));
    System.out.printf("TwoTradersIT: %d signals %s, %d orders, %d trade events%n", signals.size(), outcomes,
        orders.size(), published.size());
  }
}
