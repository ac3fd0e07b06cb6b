package dev.mariposa.exchange.paper;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.Side;
import dev.mariposa.market.replay.RecordedStream;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * The paper venue's queue model as the backtest feeds it ({@link RestingBook} of
 * {@link RestingOrder}s), on the real 2021-04-05 capture (all ten symbols, events/s): each symbol
 * keeps a resting buy at its best bid and a resting sell at its best ask, placed again (through
 * {@link RestingOrder#place}: the match, the join behind the level) once filled. One operation is
 * one recorded event, as the backtest hands it to the venue: a synced top-20 book (the depth diffs
 * over the REST snapshot) to {@link RestingBook#onBook}, or an aggTrade's print to
 * {@link RestingBook#onTrade}. The records are made in setup, so this measures the model (immutable
 * orders, the level lookup, the queue arithmetic), not JSON parsing. Run like QueueJmh:
 * {@code org.openjdk.jmh.Main RestingBookJmh}; {@link #main} prints what one pass fills.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RestingBookJmh {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";

  private List<Object> events;
  private RestingBook book;
  private Map<String, RestingOrder> buys;
  private Map<String, RestingOrder> sells;
  private int next;
  private long placed;

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path data = Path.of(System.getProperty("mariposa.shared.data", "../shared/data"));
    Map<String, RecordedStream> streams = new HashMap<>();
    List<JsonObject> messages = Files.readAllLines(data.resolve(CAPTURE)).stream().map(JsonObject::new).toList();
    events = new ArrayList<>();
    for (RecordedStream.Timed timed : RecordedStream.timed(messages)) {
      String symbol = timed.message().getString("stream").split("@")[0].toUpperCase(Locale.ROOT);
      RecordedStream stream = streams.computeIfAbsent(symbol, s -> new RecordedStream(s, snapshot(data, s)));
      RecordedStream.Decoded decoded = stream.decode(timed.message(), timed.time());
      if (decoded.bookChanged() && !stream.book().book().isCrossed()) {
        events.add(stream.book().book().snapshot(20, timed.time(), timed.time(), "replay"));
      }
      decoded.event().filter(e -> e.body() instanceof TradePrint).ifPresent(e -> events.add(e.body()));
    }
    restart();
  }

  private static Optional<JsonObject> snapshot(Path data, String symbol) {
    try {
      return Optional.of(new JsonObject(Files.readString(data.resolve("binance/rest/depth_snapshot_2021-04-05_" + symbol + ".json"))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void restart() {
    next = 0;
    book = new RestingBook(Fees.binanceSpot());
    buys = new HashMap<>();
    sells = new HashMap<>();
  }

  /** Applies the next recorded event; returns the number of resting orders it changed. */
  @Benchmark
  public int applyEvent() {
    if (next == events.size()) {
      restart(); // the day again, from no resting orders
    }
    Object event = events.get(next++);
    if (event instanceof TradePrint print) {
      return book.onTrade(print).size();
    }
    BookSnapshot snapshot = (BookSnapshot) event;
    rejoin(buys, snapshot, Side.BUY);
    rejoin(sells, snapshot, Side.SELL);
    book.onBook(snapshot);
    return 0;
  }

  /** A symbol's order on {@code side}, placed again at the best price once it is done. */
  private void rejoin(Map<String, RestingOrder> orders, BookSnapshot snapshot, Side side) {
    RestingOrder order = orders.get(snapshot.symbol());
    if (order != null && book.get(order.clOrdId()).orElseThrow().open()) {
      return;
    }
    BookSnapshot.Level best = side == Side.BUY ? snapshot.bestBid() : snapshot.bestAsk();
    if (best == null) {
      return;
    }
    OrderRequest request = new OrderRequest("o" + placed++, snapshot.symbol(), side, OrderRequest.Type.POST_ONLY,
        best.quantity(), Optional.of(best.price()));
    RestingOrder.place(request, Optional.of(snapshot), book.fees(), snapshot.exchangeTime()).resting().ifPresent(resting -> {
      book.rest(resting);
      orders.put(snapshot.symbol(), resting);
    });
  }

  /** One pass over the day: how many events, and how many times they changed a resting order. */
  public static void main(String[] args) throws IOException {
    RestingBookJmh bench = new RestingBookJmh();
    bench.load();
    int changed = 0;
    for (int i = 0; i < bench.events.size(); i++) {
      changed += bench.applyEvent();
    }
    BigDecimal filled = bench.book.open("ZILUSDT").stream().map(RestingOrder::filled).reduce(BigDecimal.ZERO, BigDecimal::add);
    System.out.printf("%d events (books and prints), %d changes to resting orders, %d orders placed; ZILUSDT's open ones "
        + "filled %s so far%n", bench.events.size(), changed, bench.placed, filled.toPlainString());
  }
}
