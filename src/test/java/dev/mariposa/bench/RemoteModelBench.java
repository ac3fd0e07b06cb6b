package dev.mariposa.bench;

import dev.mariposa.Mariposa;
import dev.mariposa.analysis.indicators.MarketSeries;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.analysis.remote.RemoteModel;
import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.PythonProcess;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A remote model's round trip: the analysis role's {@link RemoteModel} (breaker, request with a
 * timeout, answer check) → the TCP event-bus bridge → the example Python model
 * (examples/python/rsi_model.py, a real python3 process) → back. Inputs are indicator snapshots of
 * the real BTCUSDT day. One request at a time (latency), then {@code inFlight} at once (the
 * throughput of one Python process, which answers on one thread).
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.RemoteModelBench
 * <shared/data dir> [requests] [inFlight] [repetitions]}
 */
public final class RemoteModelBench {
  private static final String TOKEN = "bench-token-0123456789";

  private RemoteModelBench() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    List<ModelInput> inputs = inputs(KlineCsv.read(data.resolve("binance/klines/BTCUSDT-1m-2024-09-21.csv")));
    Path dir = Files.createTempDirectory("remote-model-bench");
    try (TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("bench", Map.of("API_TOKENS", TOKEN, "TCP_BRIDGE_PORT", "0"));
      int port = node.tcpBridgePort().orElseThrow();
      try (PythonProcess model = PythonProcess.start(PythonProcess.EXAMPLES.resolve("rsi_model.py"),
          "--port", Integer.toString(port), "--token", TOKEN, "--name", "py-rsi", "--once")) {
        model.awaitLine("serving", Duration.ofSeconds(15));
        Vertx vertx = node.vertx();
        RemoteModel remote = new RemoteModel(vertx, "py-rsi", node.services().config().analysis().remote(),
            node.services().registry());
        run(vertx, remote, inputs, requests, 1); // warm-up
        System.out.println("| run | in flight | answers/s | p50 µs | p99 µs | max µs | not ok |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int inflight : new int[] {1, inFlight}) {
          List<Double> rates = new ArrayList<>();
          List<Double> p50s = new ArrayList<>();
          List<Double> p99s = new ArrayList<>();
          for (int r = 1; r <= repetitions; r++) {
            Result result = run(vertx, remote, inputs, requests, inflight);
            rates.add(result.rate);
            p50s.add(result.histogram.getValueAtPercentile(50) / 1e3);
            p99s.add(result.histogram.getValueAtPercentile(99) / 1e3);
            System.out.printf("| %d | %d | %.0f | %.0f | %.0f | %.0f | %d |%n", r, inflight, result.rate,
                result.histogram.getValueAtPercentile(50) / 1e3, result.histogram.getValueAtPercentile(99) / 1e3,
                result.histogram.getMaxValue() / 1e3, result.notOk);
          }
          System.out.printf("| **median** | %d | **%.0f** | **%.0f** | **%.0f** | | |%n", inflight,
              BenchSupport.median(rates.stream().mapToDouble(Double::doubleValue).toArray()),
              BenchSupport.median(p50s.stream().mapToDouble(Double::doubleValue).toArray()),
              BenchSupport.median(p99s.stream().mapToDouble(Double::doubleValue).toArray()));
        }
      }
    }
  }

  private record Result(double rate, Histogram histogram, int notOk) {}

  /** {@code requests} decisions, {@code inFlight} at a time, each timed from request to decision. */
  private static Result run(Vertx vertx, RemoteModel remote, List<ModelInput> inputs, int requests, int inFlight)
      throws Exception {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    int[] notOk = {0};
    int[] next = {0};
    CompletableFuture<Void> done = new CompletableFuture<>();
    long started = System.nanoTime();
    vertx.runOnContext(v -> {
      int[] completed = {0};
      Runnable[] ask = new Runnable[1];
      ask[0] = () -> {
        int i = next[0]++;
        long t0 = System.nanoTime();
        Future<ModelDecision> decision = remote.decide(inputs.get(i % inputs.size()));
        decision.onComplete(ar -> {
          histogram.recordValue(System.nanoTime() - t0);
          if (ar.failed() || ar.result().status() != ModelDecision.Status.OK) {
            notOk[0]++;
          }
          if (++completed[0] == requests) {
            done.complete(null);
          } else if (next[0] < requests) {
            ask[0].run();
          }
        });
      };
      for (int k = 0; k < Math.min(inFlight, requests); k++) {
        ask[0].run();
      }
    });
    done.get(5, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(requests / seconds, histogram, notOk[0]);
  }

  /** The indicator snapshots of the day's bars once the series is warm, as the analysis role builds them. */
  private static List<ModelInput> inputs(List<Kline> day) {
    MarketSeries series = new MarketSeries("BTCUSDT", "1m", 500);
    List<ModelInput> inputs = new ArrayList<>();
    for (Kline bar : day) {
      series.add(bar.openTime(), bar.closeTime(), bar.open().doubleValue(), bar.high().doubleValue(),
          bar.low().doubleValue(), bar.close().doubleValue(), bar.volume().doubleValue());
      series.snapshot().filter(s -> s.warm()).ifPresent(s -> inputs.add(new ModelInput(s, Optional.empty(),
          series.recentCloses(ModelInput.RECENT_CLOSES), bar.close().doubleValue(), ModelInput.Trigger.BAR)));
    }
    return inputs;
  }
}
