package dev.mariposa.bench;

import dev.mariposa.Mariposa;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Analyses at a bar close: one analysis instance (its own redis-server and MongoDB-wire server, as
 * in production minus the network), N agents each trading BTCUSDT and ETHUSDT with the technical
 * model, the real BTCUSDT 1m day replayed into both series (ETHUSDT scaled). Each round publishes
 * both symbols' closes at once and waits for all 2N results on the event bus: the round's
 * analyses/s, and each result's latency from the close's publication to its arrival. The whole
 * path runs: claim in Redis, book lookup, indicators once per series, models, ensembles, results
 * cached in Redis (pipelined) and published (and bridged to Redis pub/sub).
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.AnalysisBench
 * <shared/data dir> [agents] [rounds] [repetitions]}
 */
public final class AnalysisBench {
  private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT"};
  private static final int WARM_BARS = 300;

  private AnalysisBench() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    List<Kline> day = KlineCsv.read(data.resolve("binance/klines/BTCUSDT-1m-2024-09-21.csv"));
    if (WARM_BARS + rounds * repetitions > day.size()) {
      throw new IllegalArgumentException("the day has " + day.size() + " bars: lower rounds × repetitions");
    }
    Path dir = Files.createTempDirectory("analysis-bench");
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("bench", Map.of("ROLES", "analysis", "SYMBOLS", String.join(",", SYMBOLS)),
          json -> json.getJsonObject("analysis").put("seedAgents", false));
      createAgents(node, agents);

      AtomicReference<Round> current = new AtomicReference<>();
      for (int a = 0; a < agents; a++) {
        node.vertx().eventBus().<AnalysisResult>consumer(Addresses.analysis(agentId(a)), m -> {
          Round round = current.get();
          if (round != null && round.bar == m.body().barOpenTime()) {
            round.arrived(System.nanoTime());
          }
        });
      }
      // Warm both series (their analyses are not measured): wait for the last warm bar's results.
      Round warm = new Round(day.get(WARM_BARS - 1).openTime(), 2 * agents, new Histogram(TimeUnit.MINUTES.toNanos(10), 2));
      warm.start = System.nanoTime();
      current.set(warm);
      for (int i = 0; i < WARM_BARS; i++) {
        publishClose(node, day.get(i));
      }
      if (!warm.done.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("warm-up: " + warm.done.getCount() + " results missing");
      }

      System.out.println("| run | analyses/s (median round) | p50 ms | p99 ms | max ms |");
      List<Double> rates = new ArrayList<>();
      List<Double> p99s = new ArrayList<>();
      int next = WARM_BARS;
      for (int r = 1; r <= repetitions; r++) {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        double[] roundRates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          Kline bar = day.get(next++);
          Round round = new Round(bar.openTime(), 2 * agents, latency);
          current.set(round);
          round.start = System.nanoTime();
          publishClose(node, bar);
          if (!round.done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("round " + i + ": " + round.done.getCount() + " results missing");
          }
          roundRates[i] = 2.0 * agents / ((round.last - round.start) / 1e9);
        }
        Arrays.sort(roundRates);
        double rate = roundRates[rounds / 2];
        rates.add(rate);
        p99s.add(latency.getValueAtPercentile(99) / 1e6);
        System.out.printf("| %d | %.0f | %.2f | %.2f | %.2f |%n", r, rate, latency.getValueAtPercentile(50) / 1e6,
            latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
      }
      System.out.printf("MEDIAN %.0f analyses/s at a bar close (%d agents × %d symbols), p99 %.2f ms from close to result%n",
          median(rates), agents, SYMBOLS.length, median(p99s));
    }
  }

  private static void createAgents(Mariposa node, int count) throws Exception {
    AgentRepository repository = new AgentRepository(node.services().mongo());
    List<Future<Agent>> created = new ArrayList<>();
    for (int a = 0; a < count; a++) {
      created.add(repository.create(new Agent(agentId(a), "Bench " + a, List.of(SYMBOLS), "1m",
          List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)), 0.5, 0.6, Agent.RiskLimits.defaults(),
          new Agent.Account(Agent.Exchange.PAPER, 10_000), true, 0, 0, 0), System.currentTimeMillis()));
    }
    Future.all(created).await();
    node.vertx().eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject().put("change", "created"));
    long deadline = System.currentTimeMillis() + 10_000;
    while (node.services().registry().find("mariposa.analysis.series").gauge() == null
        || node.services().registry().find("mariposa.analysis.series").gauge().value() < SYMBOLS.length) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the analysis role did not follow the agents' series");
      }
      Thread.sleep(50);
    }
    Thread.sleep(500); // the warm-up load from the (empty) cache
  }

  private static void publishClose(Mariposa node, Kline bar) {
    long now = System.currentTimeMillis();
    node.vertx().eventBus().publish(Addresses.kline("BTCUSDT", "1m"), bar.toJson(now, "bench"));
    node.vertx().eventBus().publish(Addresses.kline("ETHUSDT", "1m"), scaled(bar, "ETHUSDT", 0.04).toJson(now, "bench"));
  }

  private static Kline scaled(Kline k, String symbol, double factor) {
    BigDecimal f = BigDecimal.valueOf(factor);
    return new Kline(symbol, k.interval(), k.openTime(), k.closeTime(), k.open().multiply(f), k.high().multiply(f),
        k.low().multiply(f), k.close().multiply(f), k.volume(), k.quoteVolume(), k.trades(), true);
  }

  private static String agentId(int a) {
    return String.format("bench-%03d", a);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** One bar close: when it was published, and its results as they arrive. */
  private static final class Round {
    final long bar;
    final CountDownLatch done;
    final Histogram latency;
    volatile long start;
    volatile long last;

    Round(long bar, int expected, Histogram latency) {
      this.bar = bar;
      this.done = new CountDownLatch(expected);
      this.latency = latency;
    }

    synchronized void arrived(long now) {
      latency.recordValue(Math.max(0, now - start));
      last = now;
      done.countDown();
    }
  }
}
