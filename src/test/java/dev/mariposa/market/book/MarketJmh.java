package dev.mariposa.market.book;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.market.BinanceMessages;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot steps of market ingest, on the real 2021-04-05 capture: JSON parse of a raw message,
 * normalization of a bookTicker, one depth diff applied to a local book, and a top-20 snapshot of
 * the book. Run by bench/jmh.sh (the data folder comes from -Dmariposa.shared.data).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MarketJmh {
  private List<String> lines;
  private List<JsonObject> bookTickers;
  private List<JsonObject> diffs;
  private OrderBook book;
  private JsonObject snapshot;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path data = Path.of(System.getProperty("mariposa.shared.data", "../shared/data"));
    lines = Files.readAllLines(data.resolve("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl"));
    bookTickers = lines.stream().map(JsonObject::new).filter(m -> m.getString("stream").endsWith("@bookTicker")).toList();
    diffs = lines.stream().map(JsonObject::new).filter(m -> m.getString("stream").startsWith("btcaud@depth"))
        .map(m -> m.getJsonObject("data")).toList();
    snapshot = new JsonObject(Files.readString(data.resolve("binance/rest/depth_snapshot_2021-04-05_BTCAUD.json")));
    book = new OrderBook("BTCAUD");
    book.reset(DepthSnapshot.of(snapshot));
  }

  @Benchmark
  public JsonObject parseMessage() {
    return new JsonObject(lines.get(next++ % lines.size()));
  }

  @Benchmark
  public Object normalizeBookTicker() {
    return BinanceMessages.normalize(bookTickers.get(next++ % bookTickers.size()), 0L);
  }

  @Benchmark
  public OrderBook applyDiff() {
    if (next % diffs.size() == 0) {
      book.reset(DepthSnapshot.of(snapshot)); // start the sequence again
    }
    book.apply(DepthDiff.of(diffs.get(next++ % diffs.size()))); // read as the live feed does, then applied
    return book;
  }

  @Benchmark
  public BookSnapshot bookTop20() {
    return book.snapshot(20, 0, 0, "binance");
  }
}
