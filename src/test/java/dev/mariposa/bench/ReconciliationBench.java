package dev.mariposa.bench;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.VenueAccount;
import dev.mariposa.exchange.VenueFill;
import dev.mariposa.exchange.VenueOrder;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.reconcile.Discrepancy;
import dev.mariposa.reconcile.DiscrepancyRepository;
import dev.mariposa.reconcile.VenueReconciler;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.ClientOrderIds;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.InMemoryMongo;
import dev.mariposa.testing.TestConfigs;
import dev.mariposa.trade.FillRepository;
import dev.mariposa.trade.LiveExecution;
import dev.mariposa.trade.OrderRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One venue reconciliation pass ({@link VenueReconciler#run}) on a steady OKX account: nothing to
 * repair. The fake OKX ({@link FakeOkx}, real HTTP and signatures, on a Vert.x of its own) holds
 * N open orders placed by hand (not of Mariposa's client-id form: recorded as foreign, left alone)
 * and F fills, the two halves of F/2 filled buys by several agents over several symbols, which
 * MongoDB (the in-memory MongoDB-wire server) holds settled with the same fills, applied to the
 * agents' accounts; the venue's balances are what those fills left, so they cover the positions.
 * The OKX adapter takes its shared rate-limit tokens from a private redis-server, emptied before
 * each pass as the 60 s between two passes leave them.
 *
 * <p>Per size, on fresh stores and a fresh fake: two unmeasured repetitions, then {@code passes}
 * (or fewer once {@code seconds} have gone by, never fewer than 5), each run on one event-loop
 * context as the job runs it: its wall time, when its venue reads were done (the adapter wrapped),
 * the HTTP requests the fake received by path, the MongoDB commands by command and collection
 * (the driver's listener, {@code mariposa.mongo.commands}) and the rate-limit tokens taken. After
 * each pass, the pieces of its compare alone: an order by id and an order's fills by client order
 * id, each over 200 orders one after the other as the pass reads them (per call); the two
 * {@code $in} reads that would fetch the same orders and fills at once; the N foreign-order
 * records one by one, as the pass writes them, and in one bulk write.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.ReconciliationBench
 * [sizes N x F: 10x100,100x1000,300x3000] [passes: 20] [seconds per size: 10] [agents: 6]}
 */
public final class ReconciliationBench {
  private static final FakeOkx.Credentials OKX = new FakeOkx.Credentials("bench-okx-key", "bench-okx-secret",
      "bench-okx-pass");
  private static final BigDecimal START = new BigDecimal("1000000");
  /** Instrument, price, size of one buy (split by the fake into two fills of half). */
  private static final List<String[]> MARKETS = List.of(new String[] {"BTC-USDT", "30000", "0.02"},
      new String[] {"ETH-USDT", "2000", "0.2"}, new String[] {"SOL-USDT", "100", "2"},
      new String[] {"XRP-USDT", "0.5", "200"}, new String[] {"DOGE-USDT", "0.1", "1000"});
  /** Unmeasured repetitions per size: the first records the foreign orders for the first time. */
  private static final int WARMUP = 2;
  /** A size stops at {@code passes}, or past {@code seconds} once it has this many. */
  private static final int MIN_PASSES = 5;
  /** The orders the per-call floors read (their cost per call does not depend on how many). */
  private static final int SAMPLE = 200;
  private static final List<String> PATHS = List.of(FakeOkx.ORDERS_PENDING_PATH, FakeOkx.FILLS_PATH,
      FakeOkx.FILLS_HISTORY_PATH, FakeOkx.BALANCE_PATH, FakeOkx.CANCEL_PATH, FakeOkx.PLACEMENT_PATH);

  public static void main(String[] args) throws Exception {
    String sizes = args.length > 0 ? args[0] : "10x100,100x1000,300x3000";
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int agents = args.length > 3 ? Integer.parseInt(args[3]) : 6;
    EmbeddedRedis redis = EmbeddedRedis.ephemeral();
    List<String> report = new ArrayList<>();
    try {
      for (String size : sizes.split(",")) {
        String[] nf = size.split("x");
        report.addAll(new ReconciliationBench(redis, Integer.parseInt(nf[0]), Integer.parseInt(nf[1]), agents)
            .run(passes, seconds));
      }
    } finally {
      redis.stop();
    }
    report.forEach(System.out::println);
  }

  private final EmbeddedRedis redisServer;
  private final int openOrders;
  private final int fillCount;
  private final int agentCount;

  private ReconciliationBench(EmbeddedRedis redisServer, int openOrders, int fillCount, int agentCount) {
    if (fillCount % 2 != 0) {
      throw new IllegalArgumentException("F must be even: the fake fills each order in two halves");
    }
    this.redisServer = redisServer;
    this.openOrders = openOrders;
    this.fillCount = fillCount;
    this.agentCount = agentCount;
  }

  /** One size, on fresh stores and a fresh fake: the report's lines. */
  private List<String> run(int passes, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("reconcile-bench");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InMemoryMongo mongo = InMemoryMongo.open(dir, registry);
    FakeOkx fake = FakeOkx.startAlone(OKX, true);
    RedisConnections connections = RedisConnections.create(mongo.vertx(), TestConfigs.redis(redisServer.url()),
        List.of(redisServer.url()), registry);
    RedisConnection raw = null;
    OkxExchange okx = null;
    try {
      connections.start().await();
      raw = Redis.createClient(mongo.vertx(), redisServer.url()).connect().await();
      okx = new OkxExchange(mongo.vertx(), new MariposaConfig.Okx(URI.create(fake.baseUrl()),
          Optional.of(Secret.of(OKX.apiKey())), Optional.of(Secret.of(OKX.secret())),
          Optional.of(Secret.of(OKX.passphrase())), true),
          new RateLimiter(connections, new LuaScripts()), new RedisKeys("rbench:"));
      return new Run(mongo, fake, okx, raw, registry, TestConfigs.config(dir, Map.of()).reconciliation()).measure(passes, seconds);
    } finally {
      if (okx != null) {
        okx.close().await();
      }
      if (raw != null) {
        raw.close().await();
      }
      connections.close().await();
      fake.close();
      mongo.close();
    }
  }

  /** One size's stores, seeded, and its measurements. */
  private final class Run {
    private final InMemoryMongo mongo;
    private final FakeOkx fake;
    private final OkxExchange okx;
    private final RedisConnection raw;
    private final SimpleMeterRegistry registry;
    private final MariposaConfig.Reconciliation settings;
    private final Context context;
    private final AgentRepository agents;
    private final OrderRepository orders;
    private final FillRepository fills;
    private final AccountRepository accounts;
    private final DiscrepancyRepository discrepancies;
    private final List<String> orderIds = new ArrayList<>();
    private final List<FakeOkx.Order> foreign = new ArrayList<>();

    Run(InMemoryMongo mongo, FakeOkx fake, OkxExchange okx, RedisConnection raw, SimpleMeterRegistry registry,
        MariposaConfig.Reconciliation settings) {
      this.mongo = mongo;
      this.fake = fake;
      this.okx = okx;
      this.raw = raw;
      this.registry = registry;
      this.settings = settings;
      this.context = mongo.vertx().getOrCreateContext();
      this.agents = new AgentRepository(mongo.store());
      this.orders = new OrderRepository(mongo.store());
      this.fills = new FillRepository(mongo.store());
      this.accounts = new AccountRepository(mongo.store());
      this.discrepancies = new DiscrepancyRepository(mongo.store());
    }

    List<String> measure(int passes, int seconds) {
      mongo.store().ensureIndexes().await();
      seed();
      TimedVenue venue = new TimedVenue(okx);
      VenueReconciler reconciler = reconciler(venue);
      String size = openOrders + " | " + fillCount + " (" + orderIds.size() + " orders)";
      List<String> sample = orderIds.subList(0, Math.min(SAMPLE, orderIds.size()));
      JsonArray ids = new JsonArray(orderIds);
      long at = System.currentTimeMillis();
      Map<String, Supplier<Future<Void>>> floors = new LinkedHashMap<>();
      floors.put("gets", () -> each(sample, orders::get));
      floors.put("ofOrder", () -> each(sample, id -> fills.ofOrders(List.of(id))));
      floors.put("batched", () -> Future.all(
          mongo.store().client().find("orders", new JsonObject().put("_id", new JsonObject().put("$in", ids))),
          mongo.store().client().find("fills", new JsonObject().put("clOrdId", new JsonObject().put("$in", ids))))
          .mapEmpty());
      floors.put("records", () -> each(foreign, o -> discrepancies.record(foreignRecord(o), at)));
      floors.put("bulk", () -> mongo.store().client().bulkWrite("reconciliation",
          foreign.stream().map(o -> recordUpsert(foreignRecord(o), at)).toList()).mapEmpty());

      // Interleaved, each repetition the pass then each floor, so a noisy machine weighs on all alike.
      List<Double> wall = new ArrayList<>();
      List<Double> inReads = new ArrayList<>();
      Map<String, List<Double>> floorMs = new LinkedHashMap<>();
      floors.keySet().forEach(k -> floorMs.put(k, new ArrayList<>()));
      JsonObject first = null;
      Map<String, Double> http = new TreeMap<>();
      OperationCounts ops = null;
      long measuredFrom = 0;
      for (int i = -WARMUP; ; i++) {
        if (i == 0) {
          measuredFrom = System.nanoTime();
        } else if (i >= passes || (i >= MIN_PASSES && System.nanoTime() - measuredFrom > seconds * 1_000_000_000L)) {
          break;
        }
        fullLimits();
        Map<String, Integer> before = requests();
        OperationCounts counted = OperationCounts.take(registry, raw);
        venue.reset();
        long start = System.nanoTime();
        JsonObject summary = onLoop(reconciler::run);
        long end = System.nanoTime();
        requireSteady(summary);
        OperationCounts delta = OperationCounts.take(registry, raw).minus(counted);
        Map<String, Integer> after = requests();
        first = first == null ? summary : first;
        for (Map.Entry<String, Supplier<Future<Void>>> floor : floors.entrySet()) {
          fullLimits();
          long s = System.nanoTime();
          onLoop(floor.getValue());
          if (i >= 0) {
            floorMs.get(floor.getKey()).add((System.nanoTime() - s) / 1e6);
          }
        }
        if (i < 0) {
          continue;
        }
        wall.add((end - start) / 1e6);
        inReads.add((venue.lastRead - start) / 1e6);
        // The counts are the same every pass: keep the last.
        http.clear();
        after.forEach((path, n) -> http.put(path, (double) (n - before.getOrDefault(path, 0))));
        ops = delta;
      }

      int n = orderIds.size();
      double getUs = median(floorMs.get("gets")) * 1000 / sample.size();
      double ofOrderUs = median(floorMs.get("ofOrder")) * 1000 / sample.size();
      Map<String, Double> limiter = new TreeMap<>(ops.redisRoundTrips());
      limiter.keySet().retainAll(Set.of("evalsha", "eval"));
      List<String> lines = new ArrayList<>();
      lines.add(String.format("PASS | %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s |", size, agentCount,
          wall.size(), median(wall), percentile(wall, 0.9), min(wall), max(wall), median(inReads),
          first.getJsonObject("discrepancies").stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "))));
      lines.add(String.format("COUNT | %s | %s | %s | %.0f |", size, describeHttp(http), describeCounts(ops.mongo()),
          OperationCounts.total(limiter)));
      lines.add(String.format("FLOOR | %s | %.1f | %.1f | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f |", size, median(wall),
          median(inReads), getUs, ofOrderUs, n * (getUs + ofOrderUs) / 1000, median(floorMs.get("batched")),
          median(floorMs.get("records")), median(floorMs.get("bulk"))));
      return lines;
    }

    /** Agents on OKX, the fake's orders and fills, MongoDB's settled orders, fills and accounts. */
    private void seed() {
      long now = System.currentTimeMillis();
      List<String> agentIds = new ArrayList<>();
      for (int a = 0; a < agentCount; a++) {
        String id = "bench-agent-" + (a + 1);
        agentIds.add(id);
        List<String> symbols = List.of(symbol(MARKETS.get(a % MARKETS.size())[0]),
            symbol(MARKETS.get((a + 1) % MARKETS.size())[0]));
        JsonObject body = new JsonObject().put("id", id).put("symbols", symbols).put("account", new JsonObject()
            .put("exchange", "okx").put("startingBalance", START.doubleValue()));
        agents.create(AgentJson.parse(body, null, Set.of()), now).await();
      }
      int filled = fillCount / 2;
      Map<String, String> agentOf = new LinkedHashMap<>();
      for (int i = 0; i < filled; i++) {
        int a = i % agentCount;
        String[] market = MARKETS.get((a + (i / agentCount) % 2) % MARKETS.size());
        String clOrdId = ClientOrderIds.of(agentIds.get(a), "bench:" + i);
        // Spread over the last minutes, well within the fill window.
        fake.holdFilledOrder(market[0], clOrdId, "buy", new BigDecimal(market[2]), new BigDecimal(market[1]),
            now - (filled - i) * 20L);
        orderIds.add(clOrdId);
        agentOf.put(clOrdId, agentIds.get(a));
      }
      for (int i = 0; i < openOrders; i++) {
        String[] market = MARKETS.get(i % MARKETS.size());
        BigDecimal px = new BigDecimal(market[1]);
        boolean buy = i % 2 == 0;
        foreign.add(fake.holdOpenOrder(market[0], "byhand" + i, buy ? "buy" : "sell", new BigDecimal(market[2]),
            buy ? px.multiply(new BigDecimal("0.8")) : px.multiply(new BigDecimal("1.2"))));
      }
      fake.balance("USDT", new BigDecimal("100000000"));

      // MongoDB holds exactly what the venue reports: its fills as the adapter reads them.
      List<VenueFill> venueFills = okx.fillsSince(now - settings.fillWindow().toMillis()).await();
      Map<String, List<VenueFill>> byOrder = venueFills.stream()
          .collect(Collectors.groupingBy(VenueFill::clOrdId, LinkedHashMap::new, Collectors.toList()));
      List<BulkOperation> orderDocs = new ArrayList<>();
      List<BulkOperation> fillDocs = new ArrayList<>();
      Map<String, List<Map.Entry<String, List<VenueFill>>>> byAgent = new LinkedHashMap<>();
      byOrder.forEach((clOrdId, list) -> {
        VenueFill f = list.get(0);
        BigDecimal quantity = list.stream().map(VenueFill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        JsonObject order = new JsonObject().put("_id", clOrdId).put("clOrdId", clOrdId).put("agentId", agentOf.get(clOrdId))
            .put("symbol", f.symbol()).put("side", "BUY").put("quantity", quantity.toPlainString()).put("exchange", "okx")
            .put("status", "FILLED").put("filledQuantity", quantity.toPlainString()).put("settled", true)
            .put("exchangeOrderId", f.exchangeOrderId()).put("createdAt", f.at()).put("updatedAt", f.at());
        orderDocs.add(BulkOperation.createInsert(order));
        ExecutionEngine.fillDocuments(order, clOrdId, list.stream().map(VenueFill::fill).toList())
            .forEach(d -> fillDocs.add(BulkOperation.createInsert(d)));
        byAgent.computeIfAbsent(agentOf.get(clOrdId), k -> new ArrayList<>()).add(Map.entry(clOrdId, list));
      });
      mongo.store().client().bulkWrite("orders", orderDocs).await();
      mongo.store().client().bulkWrite("fills", fillDocs).await();
      byAgent.forEach((agentId, held) -> accounts.update(agentId, START, account -> {
        Account next = account;
        for (Map.Entry<String, List<VenueFill>> e : held) {
          List<Fill> applied = e.getValue().stream().map(VenueFill::fill).toList();
          next = ExecutionEngine.applyFills(next, e.getKey(), e.getValue().get(0).symbol(), true, applied);
        }
        return next;
      }).await());
      if (byOrder.size() != orderIds.size() || venueFills.size() != fillCount) {
        throw new IllegalStateException("the venue reports " + venueFills.size() + " fills of " + byOrder.size()
            + " orders, seeded " + fillCount + " of " + orderIds.size());
      }
    }

    private VenueReconciler reconciler(VenueAccount venue) {
      ExecutionEngine engine = LiveExecution.engine(mongo.vertx(), new ExecutionEngine.Stores(orders, fills, accounts),
          name -> okx, id -> START, new SimpleMeterRegistry(), MarketClock.system());
      return new VenueReconciler(venue, dev.mariposa.agent.Agent.Exchange.OKX,
          new VenueReconciler.Stores(orders, fills, accounts, agents, discrepancies), all -> engine, settings,
          new VenueReconciler.Outlet() {
            @Override
            public void discrepancy(JsonObject event) {}

            @Override
            public void agentHalted(String agentId) {
              throw new IllegalStateException("a steady account halted " + agentId);
            }
          }, System::currentTimeMillis);
    }

    /** Found nothing but the foreign orders, failed on nothing: the account is steady. */
    private void requireSteady(JsonObject summary) {
      JsonObject expected = new JsonObject().put("foreign_order", openOrders);
      if (openOrders == 0) {
        expected = new JsonObject();
      }
      if (!summary.getJsonObject("discrepancies").equals(expected) || !summary.getJsonArray("errors").isEmpty()
          || summary.getInteger("fills") != fillCount || summary.getInteger("openOrders") != openOrders) {
        throw new IllegalStateException("not a steady pass: " + summary.encode());
      }
    }

    /** The shared OKX limits as a pass finds them 60 s after the last: full. The bench's own redis-server. */
    private void fullLimits() {
      raw.send(Request.cmd(Command.FLUSHDB)).await();
    }

    private Map<String, Integer> requests() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      PATHS.forEach(p -> counts.put(p, fake.requestsTo(p)));
      counts.put("all", fake.requestsReceived());
      return counts;
    }

    private <T> T onLoop(Supplier<Future<T>> work) {
      Promise<T> done = Promise.promise();
      context.runOnContext(v -> work.get().onComplete(done));
      return done.future().await();
    }

    /** Each item in turn, the next started when the previous completed: as the pass walks its lists. */
    private <T> Future<Void> each(List<T> items, java.util.function.Function<T, Future<?>> step) {
      Future<Void> chain = Future.succeededFuture();
      for (T item : items) {
        chain = chain.compose(v -> step.apply(item).mapEmpty());
      }
      return chain;
    }

    /** What the pass records of a foreign order (its subject; the words need not be the same). */
    private Discrepancy foreignRecord(FakeOkx.Order o) {
      return new Discrepancy(Discrepancy.Kind.FOREIGN_ORDER, "okx", "ord" + o.ordId(), null, symbol(o.instId()),
          "open " + o.side() + " " + o.sz().toPlainString() + " " + symbol(o.instId()) + " (client id '" + o.clOrdId()
              + "', ordId " + o.ordId() + ") was not placed by Mariposa", "left alone");
    }
  }

  /** The OKX adapter, noting when its last read of a pass completed: where the pass's compare starts. */
  private static final class TimedVenue implements VenueAccount {
    private final VenueAccount venue;
    private volatile long lastRead;

    TimedVenue(VenueAccount venue) {
      this.venue = venue;
    }

    void reset() {
      lastRead = 0;
    }

    private <T> Future<T> noted(Future<T> read) {
      return read.onComplete(ar -> lastRead = Math.max(lastRead, System.nanoTime()));
    }

    @Override
    public Future<List<VenueOrder>> openOrders() {
      return noted(venue.openOrders());
    }

    @Override
    public Future<List<VenueFill>> fillsSince(long sinceMillis) {
      return noted(venue.fillsSince(sinceMillis));
    }

    @Override
    public Future<Map<String, BigDecimal>> balances() {
      return noted(venue.balances());
    }

    @Override
    public Future<CancelResult> cancel(String symbol, String clOrdId) {
      return venue.cancel(symbol, clOrdId);
    }

    @Override
    public String baseAsset(String symbol) {
      return venue.baseAsset(symbol);
    }

    @Override
    public String name() {
      return venue.name();
    }

    @Override
    public Future<PlaceResult> place(OrderRequest request) {
      return venue.place(request);
    }

    @Override
    public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
      return venue.lookup(symbol, clOrdId);
    }

    @Override
    public Future<Instrument> instrument(String symbol) {
      return venue.instrument(symbol);
    }
  }

  /** DiscrepancyRepository.record's upsert as one operation of a bulk write. */
  private static BulkOperation recordUpsert(Discrepancy discrepancy, long at) {
    JsonObject fields = discrepancy.toJson();
    fields.remove("id");
    JsonObject update = new JsonObject()
        .put("$set", fields.put("lastSeenAt", at))
        .put("$setOnInsert", new JsonObject().put("firstSeenAt", at))
        .put("$inc", new JsonObject().put("seen", 1));
    return BulkOperation.createUpdate(new JsonObject().put("_id", discrepancy.id()), update, true, false);
  }

  private static String symbol(String instId) {
    return instId.replace("-", "");
  }

  private static String describeHttp(Map<String, Double> http) {
    return http.entrySet().stream().filter(e -> e.getValue() > 0 && !e.getKey().equals("all"))
        .map(e -> e.getKey().substring(e.getKey().lastIndexOf('/') + 1) + " " + e.getValue().intValue())
        .collect(Collectors.joining(", ")) + " (" + http.getOrDefault("all", 0.0).intValue() + " in all)";
  }

  /** "5302 (find fills 2500, find orders 2500, …)", the largest first. */
  private static String describeCounts(Map<String, Double> counts) {
    return String.format("%.0f (%s)", OperationCounts.total(counts), counts.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .map(e -> String.format("%s %.0f", e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
  }

  private static double median(List<Double> values) {
    return BenchSupport.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The nearest-rank percentile (of 5 values, p90 is the largest). */
  private static double percentile(List<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
