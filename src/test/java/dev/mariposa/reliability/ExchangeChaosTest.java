package dev.mariposa.reliability;

import static dev.mariposa.testing.Eventually.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.agent.Market;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.Ticker;
import dev.mariposa.exchange.okx.OkxSymbols;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeBinance;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Call;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.SettledOrders;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, part 3: both exchanges misbehave at once while agents trade. One instance runs the
 * feed, signal and trade roles on two real markets of the 2021-04-05 Binance capture (MANAUSDT
 * and ZILUSDT, both listed on OKX). The fake Binance disconnects abruptly, stalls (stays
 * connected and sends nothing) and leaves out depth diffs (sequence gaps) through the first 85%
 * of the capture; the fake OKX fails 20% of every call the adapter makes (placements, order
 * lookups, instruments) in every way it knows. Signals take the whole path: queue, risk gate
 * (with OKX's instrument), trade stream, placement.
 *
 * <p>Afterwards: no clOrdId placed twice, no orphan (every exchange order settled in MongoDB,
 * every signal either one order or a recorded rejection), no crossed book or ticker published,
 * the books end on the capture's last bookTicker, and every kind of fault was injected, so the
 * test cannot pass by meeting none. Half the agents trade the markets' perpetual swaps (3×,
 * short too: a SELL with nothing held opens a short, a BUY against it closes it reduce-only), so
 * swap orders meet the same faults and the same checks.
 */
class ExchangeChaosTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";
  private static final List<String> SYMBOLS = List.of("MANAUSDT", "ZILUSDT");
  private static final FakeOkx.Credentials OKX =
      new FakeOkx.Credentials("chaos-okx-key-7c1e", "chaos-okx-secret-Y2hhb3M", "chaos-okx-pass-K9d");
  private static final long SEED = 20_250_405L;
  /** One call in five of each kind fails: 20%. */
  private static final int FAULT_BLOCK = 5;
  private static final int AGENTS = 6;
  private static final int ROUNDS = 10;
  private static final long ROUND_MS = 1000;
  private static final long SILENCE_MS = 1000;
  private static final long STALL_MS = 3000;

  @TempDir
  Path dir;

  @Test
  void tradesThroughBothExchangesFailingAtOnce() throws Exception {
    Path capture = SharedData.require(CAPTURE);
    Map<String, JsonObject> golden = lastBookTickers(capture);
    // As published (the trader's own bus: every event) and as another instance receives them.
    MarketWatch local = new MarketWatch();
    MarketWatch watch = new MarketWatch();
    try (FakeOkx okx = FakeOkx.startAlone(OKX, true).fullListing() // the exchange on event loops of its own
            .fillPrices(instId -> local.mid(instId.endsWith("-SWAP") ? OkxSymbols.swapToSymbol(instId)
                : OkxSymbols.toSymbol(instId)))
            .balance("USDT", new BigDecimal("1000000")) // the swap agents' margin
            .lateAnswerMs(-1) // no answer at all: the adapter's request timeout runs out
            .chaos(SEED, FAULT_BLOCK)
            // The adapter caches instruments: a couple of calls in all, too few for a 20% draw to be sure to hit one.
            .planFaults(Call.INSTRUMENTS, Fault.UNAVAILABLE, Fault.MALFORMED);
         FakeBinance binance = new FakeBinance(capture,
            FakeBinance.snapshots(SharedData.dir().resolve("binance/rest"), "depth_snapshot_2021-04-05_"))
            .pace(10, 10).faultsUntil(0.85).disconnectEvery(1000).stallEvery(1300, STALL_MS).skipDepthEvery(100);
         TestCluster cluster = new TestCluster(dir)) {
      // Several agents share the account's swaps: long/short mode keeps their longs and shorts apart
      // (in net mode the venue nets them, and one agent's reduce-only close can find the net on the other side).
      okx.swapAccount().posMode("long_short_mode");
      Mariposa watcher = cluster.start("watcher", Map.of("ROLES", "session"));
      SYMBOLS.forEach(symbol -> watch.follow(watcher, symbol));

      Map<String, String> env = new HashMap<>(okx.env());
      env.putAll(Map.of("ROLES", "feed,signal,trade", "SYMBOLS", String.join(",", SYMBOLS),
          "MARKET_SOURCE", "binance", "BINANCE_WS_URL", binance.wsUrl(), "BINANCE_REST_URL", binance.restUrl()));
      Mariposa trader = cluster.start("trader", env,
          json -> {
            json.getJsonObject("market").put("binanceSilenceMs", SILENCE_MS);
            json.getJsonObject("trade").put("claimIdleMs", 2000).put("reconcileMs", 1000);
          });
      SYMBOLS.forEach(symbol -> local.follow(trader, symbol));
      var platform = trader.services();
      MongoClient mongo = platform.mongo().client();
      AgentRepository agents = new AgentRepository(platform.mongo());
      List<String> agentIds = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        agentIds.add("chaos-" + i);
        agents.create(agent("chaos-" + i, i >= AGENTS / 2), System.currentTimeMillis()).await();
      }
      Eventually.within(Duration.ofSeconds(20), () -> "tickers of both symbols: " + watch.tickers,
          () -> SYMBOLS.stream().allMatch(s -> watch.tickers.getOrDefault(s, new AtomicInteger()).get() > 0));

      // Rounds of signals while the feed runs: an entry in each market, then its exit, per agent.
      SignalQueue queue = new SignalQueue(platform.redis(), platform.scripts(), platform.keys());
      List<Signal> offered = new ArrayList<>();
      long started = System.nanoTime();
      for (int round = 0; round < ROUNDS; round++) {
        long now = System.currentTimeMillis();
        for (String agentId : agentIds) {
          // Spot agents buy, then sell. Swap agents (the second half) sell twice, then buy twice: a
          // short opens whatever the faults refused before (flat, a SELL opens one; held, the
          // second is refused for size; long, the first closes it and the second opens one).
          boolean swap = agentIds.indexOf(agentId) >= AGENTS / 2;
          Signal.Action action = swap ? (round / 2 % 2 == 0 ? Signal.Action.SELL : Signal.Action.BUY)
              : (round % 2 == 0 ? Signal.Action.BUY : Signal.Action.SELL);
          for (String symbol : SYMBOLS) {
            Signal signal = Signals.requested(agentId, symbol, action, 1.0, local.mid(symbol).doubleValue(),
                "chaos-" + round, now, Duration.ofSeconds(90));
            assertThat(queue.offer(signal).await()).as("signal %s queued", signal.id()).isTrue();
            offered.add(signal);
          }
        }
        Thread.sleep(ROUND_MS);
      }

      TradeStream stream = new TradeStream(platform.redis(), platform.keys());
      Eventually.within(Duration.ofSeconds(60), () -> "every signal finished and every order settled: statuses "
              + statuses(mongo) + ", orders unsettled " + count(mongo, "orders", new JsonObject().put("settled", false))
              + ", trade stream pending " + stream.pending().await() + "; OKX faults " + okx.injected(),
          () -> pause(250) && finished(mongo) == offered.size()
              && count(mongo, "orders", new JsonObject().put("settled", false)) == 0 && stream.pending().await() == 0);
      long drainedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
      Eventually.within(Duration.ofSeconds(20), "the fake Binance sent the whole capture", binance::finished);
      Eventually.within(Duration.ofSeconds(5), () -> "the books end on the last bookTicker: " + watch.lastBooks,
          () -> SYMBOLS.stream().allMatch(s -> watch.endsOn(s, golden.get(s))));

      // What was injected, and what the adapters made of it.
      Map<Call, Map<Fault, Integer>> okxFaults = okx.injected();
      Map<String, Integer> binanceFaults = binance.faults();
      List<JsonObject> orders = mongo.find("orders", new JsonObject()).await();
      Map<String, Long> orderStatuses = orders.stream()
          .collect(Collectors.groupingBy(o -> o.getString("status"), TreeMap::new, Collectors.counting()));
      int forcedDuplicates = okxFaults.getOrDefault(Call.PLACE, Map.of()).getOrDefault(Fault.DUPLICATE, 0);
      int replaced = okx.duplicatesRefused() - forcedDuplicates;
      System.out.printf("ExchangeChaosTest: %d signals in %d rounds, all finished and settled %d ms after the first; "
              + "signals by status %s; orders by status %s; OKX calls: %d placements, %d lookups, %d instrument "
              + "requests; faults injected %s; placements of a clOrdId OKX already had %d%n",
          offered.size(), ROUNDS, drainedMs, statuses(mongo), orderStatuses, okx.placementsReceived(),
          okx.lookupsReceived(), okx.instrumentRequests(), okxFaults, replaced);
      System.out.printf("ExchangeChaosTest: Binance faults %s over %d connections; book resyncs %d; published "
              + "books %s, tickers %s, crossed books %d, crossed tickers %d; received by another instance books %s, "
              + "tickers %s, crossed books %d, crossed tickers %d%n", binanceFaults, binance.connections(),
          (long) counted(trader, "mariposa.binance.book.resyncs"), local.books, local.tickers, local.crossedBooks.get(),
          local.crossedTickers.get(), watch.books, watch.tickers, watch.crossedBooks.get(), watch.crossedTickers.get());

      // Not vacuous: every kind of OKX fault on placements and lookups, some on the (cached)
      // instruments, and every kind of Binance fault.
      for (Call call : List.of(Call.PLACE, Call.LOOKUP)) {
        for (Fault fault : Fault.values()) {
          if (fault != Fault.NONE && fault.appliesTo(call)) {
            assertThat(okxFaults.getOrDefault(call, Map.of()).getOrDefault(fault, 0))
                .as("OKX faults %s injected into %s calls", fault, call).isPositive();
          }
        }
      }
      assertThat(okxFaults.getOrDefault(Call.INSTRUMENTS, Map.of())).as("OKX faults injected into instruments").isNotEmpty();
      assertThat(binanceFaults.get("disconnects")).as("disconnects").isPositive();
      assertThat(binanceFaults.get("skippedDiffs")).as("depth diffs left out").isPositive();
      assertThat(binanceFaults.get("stalls")).as("stalls").isPositive();
      assertThat(binanceFaults.get("stallsDetected")).as("stalls the adapter noticed and reconnected")
          .isEqualTo(binanceFaults.get("stalls"));
      assertThat(counted(trader, "mariposa.binance.book.resyncs")).as("books rebuilt from a snapshot").isPositive();
      assertThat(orderStatuses.getOrDefault("FILLED", 0L)).as("orders filled").isGreaterThanOrEqualTo(10);
      List<JsonObject> swapOrders = orders.stream().filter(o -> o.containsKey("swap")).toList();
      System.out.printf("ExchangeChaosTest: swap orders %d (%s)%n", swapOrders.size(), swapOrders.stream()
          .collect(Collectors.groupingBy(o -> o.getString("side") + "/" + o.getString("status")
              + (o.getJsonObject("swap").getBoolean("reduceOnly") ? "/closing" : ""), TreeMap::new, Collectors.counting())));
      assertThat(swapOrders).as("swap orders filled").anyMatch(o -> o.getString("status").equals("FILLED"));
      assertThat(swapOrders).as("shorts opened").anyMatch(o -> o.getString("side").equals("SELL")
          && !o.getJsonObject("swap").getBoolean("reduceOnly"));
      assertThat(swapOrders).as("swap orders the venue refused").noneMatch(o -> o.getString("status").equals("REJECTED"));

      // 0 crossed: no book or ticker with bid >= ask published.
      for (MarketWatch seen : List.of(local, watch)) {
        assertThat(seen.crossedBooks.get()).as("crossed books published").isZero();
        assertThat(seen.crossedTickers.get()).as("crossed tickers published").isZero();
      }

      // 0 duplicates: one order per clOrdId at the exchange, and none sent again once OKX had it.
      Map<String, Long> perClOrdId = okx.orders().stream()
          .collect(Collectors.groupingBy(FakeOkx.Order::clOrdId, Collectors.counting()));
      assertThat(perClOrdId.values()).as("orders per clOrdId at the exchange").allMatch(n -> n == 1);
      assertThat(replaced).as("placements of a clOrdId the exchange already had").isZero();

      // 0 orphans, both ways.
      assertThat(orphans(okx, mongo, offered, orders)).as("orphans").isEmpty();
      assertThat(SettledOrders.deadLetters(platform.redis(), stream)).as("dead-lettered entries").isEmpty();
    }
  }

  /**
   * Every exchange order settled in MongoDB as FILLED with its fill counted once; every MongoDB
   * order settled, at the exchange when FILLED and not when REJECTED; every signal either sent
   * (then exactly its one order) or recorded with why not.
   */
  private static List<String> orphans(FakeOkx okx, MongoClient mongo, List<Signal> offered, List<JsonObject> orders) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonObject> byId = orders.stream().collect(Collectors.toMap(o -> o.getString("_id"), o -> o));
    for (FakeOkx.Order o : okx.orders()) {
      JsonObject order = byId.get(o.clOrdId());
      if (order == null || !"FILLED".equals(order.getString("status")) || !order.getBoolean("settled", false)
          || !o.ordId().equals(order.getString("exchangeOrderId"))) {
        problems.add("exchange order " + o.clOrdId() + " is " + order + " in MongoDB");
      }
    }
    for (JsonObject order : orders) {
      boolean atExchange = okx.order(order.getString("_id")).isPresent();
      String status = order.getString("status");
      if (!order.getBoolean("settled", false) || ("FILLED".equals(status) != atExchange)
          || !List.of("FILLED", "REJECTED").contains(status)) {
        problems.add("order " + order.encode() + (atExchange ? " at" : " not at") + " the exchange");
      }
    }
    Map<String, JsonObject> signals = mongo.find("signals", new JsonObject()).await().stream()
        .collect(Collectors.toMap(s -> s.getString("_id"), s -> s));
    for (Signal signal : offered) {
      JsonObject recorded = signals.get(signal.id());
      boolean ordered = byId.containsKey(signal.clientOrderId());
      if (recorded == null) {
        problems.add("signal " + signal.id() + " has no record");
      } else if ("sent".equals(recorded.getString("status")) != ordered) {
        problems.add("signal " + signal.id() + " is " + recorded.getString("status") + " with"
            + (ordered ? "" : "out") + " an order");
      }
    }
    Map<String, List<String>> filledByAgent = orders.stream().filter(o -> "FILLED".equals(o.getString("status")))
        .collect(Collectors.groupingBy(o -> o.getString("agentId"),
            Collectors.mapping(o -> o.getString("_id"), Collectors.toList())));
    List<JsonObject> fills = mongo.find("fills", new JsonObject()).await();
    Map<String, Long> fillsPerOrder = fills.stream()
        .collect(Collectors.groupingBy(f -> f.getString("clOrdId"), Collectors.counting()));
    filledByAgent.values().stream().flatMap(List::stream).filter(id -> fillsPerOrder.getOrDefault(id, 0L) != 1)
        .forEach(id -> problems.add("order " + id + " has " + fillsPerOrder.getOrDefault(id, 0L) + " fills"));
    if (fills.size() != filledByAgent.values().stream().mapToInt(List::size).sum()) {
      problems.add(fills.size() + " fills for " + filledByAgent.values().stream().mapToInt(List::size).sum()
          + " filled orders");
    }
    problems.addAll(SettledOrders.accountMismatches(mongo, filledByAgent));
    return problems;
  }

  /** Books and tickers as another instance receives them: counts, crossed ones, the last book. */
  private static final class MarketWatch {
    final Map<String, AtomicInteger> books = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> tickers = new ConcurrentHashMap<>();
    final Map<String, JsonObject> lastBooks = new ConcurrentHashMap<>();
    final Map<String, JsonObject> lastTickers = new ConcurrentHashMap<>();
    final AtomicInteger crossedBooks = new AtomicInteger();
    final AtomicInteger crossedTickers = new AtomicInteger();

    void follow(Mariposa instance, String symbol) {
      instance.vertx().eventBus().<BookSnapshot>consumer(Addresses.book(symbol), m -> {
        JsonObject book = m.body().toJson();
        books.computeIfAbsent(symbol, s -> new AtomicInteger()).incrementAndGet();
        if (!book.getJsonArray("bids").isEmpty() && !book.getJsonArray("asks").isEmpty()
            && bestBid(book) >= bestAsk(book)) {
          crossedBooks.incrementAndGet();
        }
        lastBooks.put(symbol, book);
      });
      instance.vertx().eventBus().<Ticker>consumer(Addresses.ticker(symbol), m -> {
        tickers.computeIfAbsent(symbol, s -> new AtomicInteger()).incrementAndGet();
        if (m.body().bid().compareTo(m.body().ask()) >= 0) {
          crossedTickers.incrementAndGet();
        }
        lastTickers.put(symbol, m.body().toJson());
      });
    }

    /** The last ticker's mid: what the fake OKX fills market orders at. */
    BigDecimal mid(String symbol) {
      JsonObject ticker = lastTickers.get(symbol);
      return ticker == null ? BigDecimal.ONE
          : BigDecimal.valueOf((ticker.getDouble("bid") + ticker.getDouble("ask")) / 2);
    }

    boolean endsOn(String symbol, JsonObject bookTicker) {
      JsonObject book = lastBooks.get(symbol);
      return book != null && bestBid(book) == Double.parseDouble(bookTicker.getString("b"))
          && bestAsk(book) == Double.parseDouble(bookTicker.getString("a"));
    }

    private static double bestBid(JsonObject book) {
      return book.getJsonArray("bids").getJsonArray(0).getDouble(0);
    }

    private static double bestAsk(JsonObject book) {
      return book.getJsonArray("asks").getJsonArray(0).getDouble(0);
    }
  }

  /** Each traded symbol's last bookTicker in the capture: where its book must end. */
  private static Map<String, JsonObject> lastBookTickers(Path capture) throws java.io.IOException {
    Map<String, JsonObject> last = new HashMap<>();
    for (String line : Files.readAllLines(capture)) {
      JsonObject message = new JsonObject(line);
      String stream = message.getString("stream");
      SYMBOLS.stream().filter(s -> stream.equals(s.toLowerCase() + "@bookTicker"))
          .forEach(s -> last.put(s, message.getJsonObject("data")));
    }
    return last;
  }

  /** Spot agents, and (the second half) agents on the markets' perpetual swaps, 3×, going short too. */
  private static Agent agent(String id, boolean swap) {
    // 20 USDT a market, both markets at once; no cooldown, and stops no move of the capture reaches
    // (a swap needs one): only the test's signals trade.
    Agent.RiskLimits risk = new Agent.RiskLimits(2, 20, 600, 1e9, 100, 0, 10, swap ? 30 : 0, 0, 0);
    Market market = swap ? Market.swap(Market.MarginMode.ISOLATED, 3, true) : Market.SPOT;
    return new Agent(id, id, SYMBOLS, "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.6, 0.6, risk,
        new Agent.Account(Agent.Exchange.OKX, 1_000, market), true, 0, 0, 0);
  }

  private static Map<String, Long> statuses(MongoClient mongo) {
    return mongo.find("signals", new JsonObject()).await().stream()
        .collect(Collectors.groupingBy(s -> s.getString("status") + (s.getString("check").equals("approved") ? ""
            : "/" + s.getString("check")), TreeMap::new, Collectors.counting()));
  }

  private static long finished(MongoClient mongo) {
    return count(mongo, "signals", new JsonObject().put("status",
        new JsonObject().put("$in", new io.vertx.core.json.JsonArray(List.of("sent", "rejected", "expired", "dropped")))));
  }

  private static long count(MongoClient mongo, String collection, JsonObject query) {
    return mongo.count(collection, query).await();
  }

  private static double counted(Mariposa node, String meter) {
    return node.services().registry().find(meter).counters().stream().mapToDouble(Counter::count).sum();
  }
}
