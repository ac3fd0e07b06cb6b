package dev.mariposa.bench;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.Signals;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * {@code trade.<agentId>}. Latency: from the signal's creation to that event. Agents alternate BUY
 * and SELL so every signal can fill.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.SignalToFillBench
 * [rates, e.g. 100,1000] [seconds per rate] [agents]}
 */
public final class SignalToFillBench {
  private SignalToFillBench() {}

  public static void main(String[] args) throws Exception {
    String[] rates = (args.length > 0 ? args[0] : "100,1000").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int agents = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Path dir = Files.createTempDirectory("signal-bench");
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("bench", Map.of("ROLES", "all", "SYMBOLS", "BTCUSDT", "MARKET_SOURCE", "synthetic"),
          json -> {
            json.getJsonObject("analysis").put("seedAgents", false);
            json.getJsonObject("instances").put("signal", 2).put("trade", 2);
            if (Integer.getInteger("bench.pool") != null) {
              json.getJsonObject("redis").put("poolSize", Integer.getInteger("bench.pool"));
            }
          });
      AgentRepository repository = new AgentRepository(node.services().mongo());
      List<Future<Agent>> created = new ArrayList<>();
      for (int a = 0; a < agents; a++) {
        created.add(repository.create(new Agent(id(a), "Bench " + a, List.of("BTCUSDT"), "1m",
            List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)), 0.5, 0.6,
            new Agent.RiskLimits(1, 200, 600, 1e6, 100, 0, 5, 0, 0, 0),
            new Agent.Account(Agent.Exchange.PAPER, 100_000), true, 0, 0, 0), System.currentTimeMillis()));
      }
      Future.all(created).await();
      node.vertx().eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject().put("change", "created"));
      Thread.sleep(3_000); // the synthetic book and ticker in the cache, agents loaded

      Map<String, Long> submittedAt = new ConcurrentHashMap<>();
      Histogram[] current = {null};
      AtomicLong fills = new AtomicLong();
      for (int a = 0; a < agents; a++) {
        node.vertx().eventBus().<TradeEvent>consumer(Addresses.agentTrades(id(a)), m -> {
          Long at = submittedAt.remove(m.body().toJson().getJsonObject("order").getString("signalId"));
          if (at != null && "fill".equals(m.body().type())) {
            synchronized (current) {
              current[0].recordValue(Math.max(0, System.nanoTime() - at));
            }
            fills.incrementAndGet();
          }
        });
      }
      String floor = mongoFloor(node);
      SignalDesk desk = node.verticles().signalDesk();
      System.out.println("| signals/s | sent | filled | p50 ms | p99 ms | max ms |");
      for (String rateText : rates) {
        int rate = Integer.parseInt(rateText.trim());
        for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT and is not reported
          Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
          synchronized (current) {
            current[0] = histogram;
          }
          fills.set(0);
          long sent = run(node, desk, submittedAt, rate, pass == 0 ? 3 : seconds, agents, rate + "-" + pass + "-");
          Thread.sleep(2_000); // the last fills
          if (Boolean.getBoolean("bench.debug")) {
            node.services().registry().getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("mariposa.signals") || m.getId().getName().startsWith("mariposa.orders")
                    || m.getId().getName().startsWith("mariposa.redis.command") || m.getId().getName().startsWith("mongo"))
                .forEach(m -> System.out.println(m.getId() + " " + m.measure()));
            node.services().mongo().client().find("signals", new JsonObject().put("status", "rejected")).await().stream()
                .limit(5).forEach(r -> System.out.println("rejected: " + r.getString("check") + " " + r.getString("reason")));
            var client = node.services().mongo().client();
            client.find("orders", new JsonObject()).await().stream().skip(50).limit(15).forEach(o -> {
              JsonObject sig = client.findOne("signals", new JsonObject().put("_id", o.getString("signalId")), null).await();
              long born = sig.getLong("createdAt");
              System.out.printf("stages ms: gate done %d, intent %d, settled %d%n", sig.getLong("updatedAt") - born,
                  o.getLong("createdAt") - born, o.getLong("updatedAt") - born);
            });
          }
          if (pass == 1) {
            synchronized (current) {
              System.out.printf("| %d | %d | %d | %.2f | %.2f | %.2f |%n", rate, sent, fills.get(),
                  histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6);
            }
          }
        }
      }
      System.out.println(floor);
    }
  }

  /**
   * The MongoDB-wire server's floor in this JVM: a sequential insert + findOne round trip, and how
   * many inserts a second 64 concurrent writers get.
   */
  private static String mongoFloor(Mariposa node) {
    var mongo = node.services().mongo().client();
    long t0 = System.nanoTime();
    for (int i = 0; i < 500; i++) {
      mongo.insert("floor", new JsonObject().put("_id", "s" + i)).await();
      mongo.findOne("floor", new JsonObject().put("_id", "s" + i), null).await();
    }
    double roundTrip = (System.nanoTime() - t0) / 1000.0 / 1e6;
    long t1 = System.nanoTime();
    List<Future<String>> inserts = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      inserts.add(mongo.insert("floor", new JsonObject().put("_id", "p" + i)));
    }
    Future.all(inserts).await();
    double opsPerSecond = 4000 / ((System.nanoTime() - t1) / 1e9);
    return String.format("FLOOR MongoDB-wire server: %.2f ms per operation in sequence, %.0f inserts/s concurrently",
        roundTrip, opsPerSecond);
  }

  /** Submits {@code rate} signals a second for {@code seconds}, in ticks of 10 ms; returns how many. */
  private static long run(Mariposa node, SignalDesk desk, Map<String, Long> submittedAt, int rate, int seconds, int agents,
                          String prefix) throws InterruptedException {
    AtomicLong sent = new AtomicLong();
    long total = (long) rate * seconds;
    long start = System.nanoTime();
    int[] cycle = new int[agents];
    long timer = node.vertx().setPeriodic(10, id -> {
      long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
      while (sent.get() < due) {
        long n = sent.getAndIncrement();
        int agent = (int) (n % agents);
        Signal.Action action = cycle[agent]++ % 2 == 0 ? Signal.Action.BUY : Signal.Action.SELL;
        Signal signal = Signals.requested(id(agent), "BTCUSDT", action, 1.0, 0, prefix + n, System.currentTimeMillis(),
            Duration.ofSeconds(30));
        submittedAt.put(signal.id(), System.nanoTime());
        desk.submit(signal);
      }
    });
    while (sent.get() < total) {
      Thread.sleep(50);
    }
    node.vertx().cancelTimer(timer);
    return sent.get();
  }

  private static String id(int a) {
    return String.format("bench-%03d", a);
  }
}
