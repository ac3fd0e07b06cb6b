package dev.mariposa.bench;

import dev.mariposa.events.EventCodec;
import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.book.BookSynchronizer;
import dev.mariposa.market.book.ThrottledBookPublisher;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Market ingest on one event loop: the real 10-symbol capture (bookTicker, depth@100ms, aggTrade)
 * parsed from text, depth diffs through the order book, the rest normalized (tickers into records),
 * everything published on the local event bus to a consumer; repeated for N passes (fresh books each pass). Beside it,
 * in the same run, the floor: parsing the same lines into JSON and nothing else.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.IngestBench
 * <shared/data dir> [passes] [repetitions]}
 */
public final class IngestBench {
  private static final boolean PUBLISH_BOOKS = !Boolean.getBoolean("noBooks");

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<String> lines = Files.readAllLines(data.resolve("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl"));
    Map<String, JsonObject> snapshots = new HashMap<>();
    try (var files = Files.list(data.resolve("binance/rest"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("depth_snapshot_2021-04-05_")).toList()) {
        String name = f.getFileName().toString();
        snapshots.put(name.substring("depth_snapshot_2021-04-05_".length(), name.length() - 5), new JsonObject(Files.readString(f)));
      }
    }
    // One long task per run on purpose: silence the blocked-thread checker for this driver.
    Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(1)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.HOURS));
    EventCodec.register(vertx.eventBus()); // tickers travel as records, as the feed verticle registers them
    AtomicLong delivered = new AtomicLong();
    vertx.eventBus().localConsumer("bench.ingest", m -> delivered.incrementAndGet()).completion().await();
    List<Double> pipeline = new ArrayList<>();
    List<Double> parseOnly = new ArrayList<>();
    run(vertx, lines, snapshots, 5, true); // warm-up
    run(vertx, lines, snapshots, 5, false);
    for (int r = 0; r < repetitions; r++) {
      pipeline.add(run(vertx, lines, snapshots, passes, true));
      drain(delivered);
      parseOnly.add(run(vertx, lines, snapshots, passes, false));
      System.out.printf("| %d | %,.0f | %,.0f | %.2f |%n", r + 1, pipeline.get(r), parseOnly.get(r), pipeline.get(r) / parseOnly.get(r));
    }
    double p = median(pipeline);
    double f = median(parseOnly);
    System.out.printf("%nMEDIAN pipeline %,.0f events/s, parse-only floor %,.0f lines/s, ratio %.2f (%d lines x %d passes)%n",
        p, f, p / f, lines.size(), passes);
    vertx.close().await();
  }

  /** Events (input messages) per second on one event loop. */
  private static double run(Vertx vertx, List<String> lines, Map<String, JsonObject> snapshots, int passes, boolean full)
      throws Exception {
    Promise<Double> done = Promise.promise();
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      long sink = 0;
      for (int pass = 0; pass < passes; pass++) {
        Map<String, BookSynchronizer> books = new HashMap<>();
        Map<String, ThrottledBookPublisher> publishers = new HashMap<>();
        for (String line : lines) {
          JsonObject message = new JsonObject(line);
          if (!full) {
            sink += message.size();
            continue;
          }
          long now = System.currentTimeMillis();
          if (BinanceMessages.isDepthDiff(message)) {
            JsonObject diff = message.getJsonObject("data");
            String symbol = diff.getString("s");
            BookSynchronizer sync = books.computeIfAbsent(symbol, BookSynchronizer::new);
            BookSynchronizer.Outcome outcome = sync.onDiff(diff);
            JsonObject snapshot = snapshots.get(symbol);
            if (!sync.isSynced() && diff.getLong("u") > snapshot.getLong("lastUpdateId")) {
              outcome = sync.onSnapshot(snapshot);
            }
            if ((outcome == BookSynchronizer.Outcome.APPLIED || outcome == BookSynchronizer.Outcome.SYNCED) && PUBLISH_BOOKS) {
              // As the feeds do: the book is published at most every 100 ms per symbol.
              publishers.computeIfAbsent(symbol, s -> new ThrottledBookPublisher(vertx, 100, t ->
                  vertx.eventBus().publish("bench.ingest", sync.book().snapshot(20, t, t, "binance"))))
                  .changed(diff.getLong("E", now));
            }
          } else {
            BinanceMessages.normalize(message, now).ifPresent(e -> vertx.eventBus().publish("bench.ingest", e.body()));
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (sink < 0) {
        System.out.println(sink);
      }
      done.complete(lines.size() * (double) passes / seconds);
    });
    return done.future().await();
  }

  /** Lets the consumer finish the published events, so the next run starts on a quiet loop. */
  private static void drain(AtomicLong delivered) throws InterruptedException {
    long before;
    do {
      before = delivered.get();
      Thread.sleep(200);
    } while (delivered.get() != before);
    System.gc();
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

}
