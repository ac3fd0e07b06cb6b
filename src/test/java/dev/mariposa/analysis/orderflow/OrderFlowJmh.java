package dev.mariposa.analysis.orderflow;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.market.book.OrderBook;
import dev.mariposa.market.replay.RecordedStream;
import dev.mariposa.market.replay.ReplayFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The order-flow feature updates on the real 2021-04-05 capture (all ten symbols, in time order),
 * one operation one book or trade event, so ops/s is events/s. The capture is decoded in setup:
 * each depth diff that changed a synced book becomes the top-20 snapshot the feed publishes, each
 * aggTrade its trade print. {@link #recordsIntoTheTracker}: the analysis role's path, a
 * {@code BookSnapshot} or {@code TradePrint} into the {@link OrderFlowTracker} (symbol lookup,
 * decimals read, features updated, the throttle asked); {@link #featuresAlone}: the same events
 * as primitives straight into each symbol's {@link OrderFlowFeatures} (the arithmetic and the
 * windows). The books of 4,709 depth diffs, the prints of 1,240 aggTrades. Run like MarketJmh
 * (the data folder comes from -Dmariposa.shared.data): {@code org.openjdk.jmh.Main OrderFlowJmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OrderFlowJmh {
  /** One event: a book (its record and the numbers read off it) or a trade. */
  record Event(int symbol, long time, BookSnapshot book, TradePrint trade, double[] top) {}

  private List<Event> events;
  private OrderFlowTracker tracker;
  private OrderFlowFeatures[] features;
  private List<String> symbols;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path data = Path.of(System.getProperty("mariposa.shared.data", "../shared/data"));
    events = decode(data);
    restart();
  }

  /** Fresh state: a pass over the capture starts again from empty windows. */
  private void restart() {
    OrderFlowParams params = OrderFlowParams.defaults();
    tracker = new OrderFlowTracker(params);
    features = new OrderFlowFeatures[symbols.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = new OrderFlowFeatures(symbols.get(i), params);
    }
    next = 0;
  }

  @Benchmark
  public boolean recordsIntoTheTracker() {
    if (next == events.size()) {
      restart();
    }
    Event event = events.get(next++);
    return event.book() != null ? tracker.onBook(event.book()) : tracker.onTrade(event.trade());
  }

  @Benchmark
  public double featuresAlone() {
    if (next == events.size()) {
      restart();
    }
    Event event = events.get(next++);
    OrderFlowFeatures f = features[event.symbol()];
    if (event.book() != null) {
      double[] t = event.top();
      f.onBook(event.time(), t[0], t[1], t[2], t[3], t[4], t[5]);
    } else {
      f.onTrade(event.time(), event.trade().qty().doubleValue(), event.trade().buyerIsMaker());
    }
    return f.tradeFlowImbalance();
  }

  /** One pass over the capture through the tracker: the events, and the decisions it allows. */
  public static void main(String[] args) throws IOException {
    OrderFlowJmh bench = new OrderFlowJmh();
    bench.load();
    int due = 0;
    for (int i = 0; i < bench.events.size(); i++) {
      due += bench.recordsIntoTheTracker() ? 1 : 0;
    }
    System.out.printf("%d events, %d decisions due%n", bench.events.size(), due);
  }

  private List<Event> decode(Path data) throws IOException {
    List<Path> files = new ArrayList<>(List.of(
        data.resolve("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl")));
    try (Stream<Path> rest = Files.list(data.resolve("binance/rest"))) {
      rest.filter(f -> f.getFileName().toString().startsWith("depth_snapshot_2021-04-05_")).forEach(files::add);
    }
    ReplayFiles replay = ReplayFiles.read(files);
    symbols = List.copyOf(replay.symbols());
    Map<String, Integer> index = new HashMap<>();
    symbols.forEach(s -> index.put(s, index.size()));
    int depth = OrderFlowParams.defaults().depth();
    List<Event> decoded = new ArrayList<>();
    for (String symbol : symbols) {
      RecordedStream stream = new RecordedStream(symbol, replay.snapshot(symbol));
      for (RecordedStream.Timed timed : RecordedStream.timed(replay.stream(symbol))) {
        RecordedStream.Decoded d = stream.decode(timed.message(), timed.time());
        OrderBook book = stream.book().book();
        if (d.bookChanged() && !book.isCrossed()) {
          double[] top = {book.bestBid(), book.bestBidQuantity(), book.bestAsk(), book.bestAskQuantity(),
              book.quantity(true, depth), book.quantity(false, depth)};
          decoded.add(new Event(index.get(symbol), timed.time(), book.snapshot(20, timed.time(), timed.time(), "replay"), null,
              top));
        } else if (d.event().isPresent() && d.event().get().body() instanceof TradePrint trade) {
          decoded.add(new Event(index.get(symbol), trade.exchangeTime(), null, trade, null));
        }
      }
    }
    decoded.sort(Comparator.comparingLong(Event::time)); // stable: each symbol's own order kept
    return List.copyOf(decoded);
  }
}
