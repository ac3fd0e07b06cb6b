package dev.mariposa.bench;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.Signals;
import dev.mariposa.testing.TestCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Signal → paper fill through both Redis queues, on one instance with every role (its own
 * redis-server and MongoDB-wire server, the synthetic market for the book): signals are submitted
 * at a steady rate as the API submits them (SignalDesk: the priority queue), taken by the signal
 * role, checked by the risk gate, appended to the trade stream, read by the trade role, placed on
 * the paper exchange against the cached book, settled in MongoDB, and the fill event arrives on
 * {@code trade.<agentId>}. Latency: from the signal's submission to that event.
 *
 * <p>Every signal is accounted for: after each measured pass the signals collection says what
 * became of each (sent, rejected by which check, expired, dropped), the fill events say which
 * filled, and whatever is in neither is reported as unaccounted; a second fill event for one
 * signal, or a second order for one signal, as a duplicate. Each agent alternates BUY and SELL,
 * starting each pass from its stored position (a BUY sized by the gate to its position limit, the
 * SELL of the whole position), so every signal can fill. Beside each rate, the floor at that rate ({@link RawFloor}), and the
 * Redis and MongoDB operations per filled signal ({@link OperationCounts}), net of what the
 * instance does idle (feed, market cache, heartbeats), measured before the passes.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.SignalToFillBench
 * [rates, e.g. 100,1000] [seconds per rate] [agents]}; the last line says the highest of the
 * rates whose p99 held {@value #TARGET_P99_MS} ms with every signal accounted for.
 */
public final class SignalToFillBench {
  static final int TARGET_P99_MS = 10;
  private static final List<String> FINISHED = List.of("rejected", "expired", "dropped");
  private static final long DRAIN_MS = 15_000;
  /** A multiple of the periods of the instance's own work (positions every 5 s, performance every 2 s). */
  private static final long IDLE_MS = 10_000;
  /** The agents' bar interval; -Dbench.interval=1m brings the analysis role's signals back in (see createAgents). */
  private static final String INTERVAL = System.getProperty("bench.interval", "1d");

  private final Mariposa node;
  private final SignalDesk desk;
  private final MongoClient mongo;
  private final MeterRegistry registry;
  private final RedisConnection raw;
  private final int agents;
  /** Per agent, its signals in this pass counted from its position ({@link #alignSides}): even is a BUY. */
  private final int[] turns;
  private volatile Pass current;

  private SignalToFillBench(Mariposa node, RedisConnection raw, int agents) {
    this.node = node;
    this.desk = node.verticles().signalDesk();
    this.mongo = node.services().mongo().client();
    this.registry = node.services().registry();
    this.raw = raw;
    this.agents = agents;
    this.turns = new int[agents];
  }

  /** One pass at one rate: its signals by id with their submission time, and what arrived. */
  private static final class Pass {
    final String prefix;
    final Map<String, Long> submitted = new ConcurrentHashMap<>();
    final Set<String> filled = ConcurrentHashMap.newKeySet();
    final AtomicLong duplicateFills = new AtomicLong();
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

    Pass(String prefix) {
      this.prefix = prefix;
    }
  }

  public static void main(String[] args) throws Exception {
    String[] rates = (args.length > 0 ? args[0] : "100,1000").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int agents = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Path dir = Files.createTempDirectory("signal-bench");
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("bench", Map.of("ROLES", System.getProperty("bench.roles", "all"), "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic"),
          json -> {
            json.getJsonObject("analysis").put("seedAgents", false);
            json.getJsonObject("instances").put("signal", 2).put("trade", 2);
            if (Integer.getInteger("bench.pool") != null) {
              json.getJsonObject("redis").put("poolSize", Integer.getInteger("bench.pool"));
            }
          });
      RedisConnection raw = Redis.createClient(node.vertx(), cluster.redis().url()).connect().await();
      new SignalToFillBench(node, raw, agents).run(rates, seconds);
    }
  }

  private void run(String[] rates, int seconds) throws Exception {
    createAgents();
    Thread.sleep(3_000); // the synthetic book and ticker in the cache, agents loaded
    for (int a = 0; a < agents; a++) {
      node.vertx().eventBus().<TradeEvent>consumer(Addresses.agentTrades(id(a)), m -> onTradeEvent(m.body()));
    }
    OperationCounts idleStart = OperationCounts.take(registry, raw);
    long idleFrom = System.nanoTime();
    Thread.sleep(IDLE_MS);
    OperationCounts idlePerSecond = OperationCounts.take(registry, raw).minus(idleStart)
        .times(1e9 / (System.nanoTime() - idleFrom));
    RawFloor floor = new RawFloor(node.vertx(), raw, mongo);

    System.out.println("| signals/s | path | sent | filled | rejected | expired, dropped | unaccounted | duplicates"
        + " | p50 ms | p99 ms | p99.9 ms | max ms |");
    List<String> notes = new ArrayList<>();
    int held = 0;
    for (int r = 0; r < rates.length; r++) {
      int rate = Integer.parseInt(rates[r].trim());
      String prefix = r + "-" + rate + "-"; // ids unique to the run, a rate given twice too
      Pass warmUp = pass(rate, 3, prefix + "w-"); // warms the JIT at this rate; not reported
      Outcome warm = outcome(warmUp);
      if (warm.rejected() + warm.expiredOrDropped() + warm.unaccounted() > 0) {
        notes.add("WARM-UP at " + rate + "/s (not reported): " + warmUp.filled.size() + " of " + warmUp.submitted.size()
            + " filled, rejected by check " + warm.rejectedBy() + ", unaccounted " + warm.unaccountedBy());
      }
      OperationCounts before = OperationCounts.take(registry, raw);
      long from = System.nanoTime();
      Pass pass = pass(rate, seconds, prefix + "m-");
      double elapsed = (System.nanoTime() - from) / 1e9;
      OperationCounts gross = OperationCounts.take(registry, raw).minus(before);
      OperationCounts net = gross.minus(idlePerSecond.times(elapsed));
      Outcome outcome = outcome(pass);
      Histogram h = pass.latency;
      System.out.printf("| %d | signal → fill | %d | %d | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.2f |%n", rate,
          pass.submitted.size(), pass.filled.size(), outcome.rejected(), outcome.expiredOrDropped(),
          outcome.unaccounted(), outcome.duplicates(), ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6);
      RawFloor.Result f = floor.run(rate, seconds, prefix + "f-");
      System.out.printf("| %d | floor: raw EVALSHA + MongoDB insert | %d | %d | – | – | %d | – | %.2f | %.2f | %.2f | %.2f |%n",
          rate, f.issued(), f.completed(), f.issued() - f.completed(), ms(f.latency(), 50), ms(f.latency(), 99),
          ms(f.latency(), 99.9), f.latency().getMaxValue() / 1e6);
      if (f.failed() > 0) {
        notes.add("FLOOR at " + rate + "/s: " + f.failed() + " of its operations failed");
      }
      notes.addAll(notes(rate, pass, outcome, net, gross));
      if (outcome.unaccounted() > 0) {
        notes.add("FLOOR at " + rate + "/s measured while " + outcome.unaccounted() + " signals of the pass were still in work");
      }
      if (Boolean.getBoolean("bench.trace")) {
        trace(outcome);
      }
      if (ms(h, 99) <= TARGET_P99_MS && outcome.unaccounted() == 0 && outcome.duplicates() == 0
          && pass.filled.size() > 0) {
        held = Math.max(held, rate);
      }
    }
    notes.forEach(System.out::println);
    System.out.println("OTHER signals recorded during the run, not the bench's (the analysis role's), by action and"
        + " outcome: " + otherSignals());
    System.out.println(String.format("IDLE background per second (subtracted above): Redis round trips %s; "
            + "Redis server commands %s; MongoDB operations %s", OperationCounts.describe(idlePerSecond.redisRoundTrips()),
        OperationCounts.describe(idlePerSecond.redisServerCalls()), OperationCounts.describe(idlePerSecond.mongo())));
    System.out.println(held > 0
        ? "HELD: the highest of the rates given whose p99 ≤ " + TARGET_P99_MS + " ms, every signal accounted for: " + held + "/s"
        : "HELD: none of the rates given held p99 ≤ " + TARGET_P99_MS + " ms with every signal accounted for");
  }

  private void createAgents() {
    AgentRepository repository = new AgentRepository(node.services().mongo());
    List<Future<Agent>> created = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      // A position limit of 200 USDT (the BUY's size); the highest order rate an agent may have (600
      // a minute). Daily bars: the analysis role, which runs here too, closes none during a run
      // (with 1m bars it sent each agent its own BUY or SELL every minute, out of the bench's step).
      created.add(repository.create(new Agent(id(a), "Bench " + a, List.of("BTCUSDT"), INTERVAL,
          List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)), 0.5, 0.6,
          new Agent.RiskLimits(1, 200, 600, 1e6, 100, 0, 5, 0, 0, 0),
          new Agent.Account(Agent.Exchange.PAPER, 100_000), true, 0, 0, 0), System.currentTimeMillis()));
    }
    Future.all(created).await();
    node.vertx().eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject().put("change", "created"));
  }

  private void onTradeEvent(TradeEvent event) {
    Pass pass = current;
    if (pass == null || !"fill".equals(event.type())) {
      return;
    }
    String signalId = new JsonObject(event.orderJson()).getString("signalId");
    Long at = pass.submitted.get(signalId);
    if (at == null) {
      return; // an earlier pass's
    }
    if (!pass.filled.add(signalId)) {
      pass.duplicateFills.incrementAndGet();
      return;
    }
    synchronized (pass.latency) {
      pass.latency.recordValue(Math.max(0, System.nanoTime() - at));
    }
  }

  /** Submits {@code rate} signals a second for {@code seconds}, then waits until each has an outcome (bounded). */
  private Pass pass(int rate, int seconds, String prefix) throws Exception {
    alignSides();
    Pass pass = new Pass(prefix);
    current = pass;
    double finishedBefore = finishedCount();
    AtomicLong n = new AtomicLong();
    BenchSupport.pace(node.vertx(), rate, seconds, () -> {
      long i = n.getAndIncrement();
      int agent = (int) (i % agents);
      Signal.Action action = turns[agent]++ % 2 == 0 ? Signal.Action.BUY : Signal.Action.SELL;
      Signal signal = Signals.requested(id(agent), "BTCUSDT", action, 1.0, 0, prefix + i, System.currentTimeMillis(),
          Duration.ofSeconds(30));
      pass.submitted.put(signal.id(), System.nanoTime());
      desk.submit(signal);
    });
    long deadline = System.currentTimeMillis() + DRAIN_MS;
    while (pass.filled.size() + finishedCount() - finishedBefore < pass.submitted.size()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(200); // a duplicate fill event would come soon after the first
    return pass;
  }

  /**
   * Each agent's next signal from its account as stored: a SELL when it holds BTCUSDT, else a BUY
   * (a signal of an earlier pass rejected, say by a stale ticker at the start, would otherwise
   * leave an agent out of step: a BUY on a full position, a SELL of nothing).
   */
  private void alignSides() {
    List<JsonObject> stored = mongo.find("accounts", new JsonObject()).await();
    Set<String> holding = ConcurrentHashMap.newKeySet();
    stored.stream().map(Account::fromJson).filter(a -> a.positions().containsKey("BTCUSDT"))
        .forEach(a -> holding.add(a.agentId()));
    for (int a = 0; a < agents; a++) {
      turns[a] = holding.contains(id(a)) ? 1 : 0;
    }
  }

  private Map<String, Long> otherSignals() {
    Map<String, Long> other = new TreeMap<>();
    mongo.findWithOptions("signals", new JsonObject(), new FindOptions().setFields(new JsonObject()
            .put("action", 1).put("status", 1).put("check", 1))).await().stream()
        .filter(d -> !d.getString("_id").contains(":api:"))
        .forEach(d -> other.merge(d.getString("action") + " " + d.getString("status") + " " + d.getString("check"), 1L, Long::sum));
    return other;
  }

  private double finishedCount() {
    return FINISHED.stream().mapToDouble(status ->
        registry.find("mariposa.signals").tag("status", status).counters().stream().mapToDouble(Counter::count).sum()).sum();
  }

  /** What the signals and orders collections say of a pass. */
  private record Outcome(long rejected, long expiredOrDropped, long unaccounted, long duplicates,
                         Map<String, Long> rejectedBy, Map<String, Long> unaccountedBy, List<String> rejectedIds) {}

  /** With -Dbench.trace=true: the signals and orders of the agents of the first rejections, in time order. */
  private void trace(Outcome outcome) {
    outcome.rejectedIds().stream().limit(3).forEach(rejectedId -> {
      String agentId = rejectedId.substring(0, rejectedId.indexOf(':'));
      System.out.println("TRACE " + rejectedId);
      mongo.find("signals", new JsonObject().put("agentId", agentId)).await().stream()
          .sorted(Comparator.comparing(d -> d.getLong("createdAt")))
          .forEach(d -> System.out.printf("TRACE   signal %s %s created %d decided %d %s %s %s%n", d.getString("_id"),
              d.getString("action"), d.getLong("createdAt"), d.getLong("updatedAt"), d.getString("status"),
              d.getString("check"), d.getString("reason")));
      mongo.find("orders", new JsonObject().put("agentId", agentId)).await().stream()
          .sorted(Comparator.comparing(d -> d.getLong("createdAt")))
          .forEach(d -> System.out.printf("TRACE   order of %s %s %s created %d updated %d %s%n", d.getString("signalId"),
              d.getString("side"), d.getString("quantity"), d.getLong("createdAt"), d.getLong("updatedAt"),
              d.getString("status")));
      JsonObject account = mongo.findOne("accounts", new JsonObject().put("_id", agentId), null).await();
      System.out.println("TRACE   account now " + account);
    });
  }

  private Outcome outcome(Pass pass) {
    FindOptions fields = new FindOptions().setFields(new JsonObject().put("status", 1).put("check", 1));
    List<JsonObject> recorded = mongo.findWithOptions("signals",
        new JsonObject().put("_id", new JsonObject().put("$regex", ":api:" + pass.prefix)), fields).await();
    Map<String, JsonObject> byId = new ConcurrentHashMap<>();
    recorded.forEach(doc -> byId.put(doc.getString("_id"), doc));
    Map<String, Long> rejectedBy = new TreeMap<>();
    Map<String, Long> unaccountedBy = new TreeMap<>();
    List<String> rejectedIds = new ArrayList<>();
    long rejected = 0;
    long expiredOrDropped = 0;
    for (String id : pass.submitted.keySet()) {
      JsonObject doc = byId.get(id);
      String status = doc == null ? "not recorded (queued still?)" : doc.getString("status");
      if (pass.filled.contains(id)) {
        continue;
      }
      switch (status) {
        case "rejected" -> {
          rejected++;
          rejectedIds.add(id);
          rejectedBy.merge(doc.getString("check"), 1L, Long::sum);
        }
        case "expired", "dropped" -> expiredOrDropped++;
        default -> unaccountedBy.merge(status.equals("sent") ? "sent, no fill event" : status, 1L, Long::sum);
      }
    }
    List<JsonObject> orders = mongo.findWithOptions("orders",
        new JsonObject().put("signalId", new JsonObject().put("$regex", ":api:" + pass.prefix)),
        new FindOptions().setFields(new JsonObject().put("signalId", 1))).await();
    Map<String, Long> ordersPerSignal = new ConcurrentHashMap<>();
    orders.forEach(o -> ordersPerSignal.merge(o.getString("signalId"), 1L, Long::sum));
    long duplicateOrders = ordersPerSignal.values().stream().mapToLong(c -> c - 1).sum();
    long unaccounted = unaccountedBy.values().stream().mapToLong(Long::longValue).sum();
    return new Outcome(rejected, expiredOrDropped, unaccounted, pass.duplicateFills.get() + duplicateOrders, rejectedBy,
        unaccountedBy, rejectedIds);
  }

  private static List<String> notes(int rate, Pass pass, Outcome outcome, OperationCounts net, OperationCounts gross) {
    List<String> notes = new ArrayList<>();
    if (outcome.rejected() > 0) {
      notes.add("REJECTED at " + rate + "/s, by check: " + outcome.rejectedBy());
    }
    if (outcome.unaccounted() > 0) {
      notes.add("UNACCOUNTED at " + rate + "/s " + DRAIN_MS / 1000 + " s after the last signal, by status: "
          + outcome.unaccountedBy());
    }
    int fills = pass.filled.size();
    if (fills == 0) {
      return notes;
    }
    OperationCounts perFill = net.times(1.0 / fills);
    OperationCounts grossPerFill = gross.times(1.0 / fills);
    double micros = OperationCounts.total(perFill.redisServerMicros());
    notes.add("OPS at " + rate + "/s, Redis round trips per filled signal (client; a pipeline is one): "
        + OperationCounts.describe(perFill.redisRoundTrips()) + grossNote(grossPerFill.redisRoundTrips()));
    notes.add("OPS at " + rate + "/s, Redis commands per filled signal (server, INFO commandstats; inside scripts and"
        + " pipelines too): " + OperationCounts.describe(perFill.redisServerCalls()) + grossNote(grossPerFill.redisServerCalls()));
    notes.add(String.format("OPS at %d/s, Redis server CPU per filled signal: %.1f µs of command execution"
        + " (network I/O excluded), so one Redis core would carry at most %.0f signals/s", rate, micros, 1e6 / micros));
    notes.add("OPS at " + rate + "/s, MongoDB operations per filled signal (driver CommandListener): "
        + OperationCounts.describe(perFill.mongo()) + grossNote(grossPerFill.mongo()));
    return notes;
  }

  private static String grossNote(Map<String, Double> gross) {
    return String.format("; %.2f with the idle background", OperationCounts.total(gross));
  }

  private static double ms(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
  }

  private static String id(int a) {
    return String.format("bench-%03d", a);
  }
}
