package dev.mariposa.exchange.paper;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.exchange.Side;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The queue model's throughput on the real 2021-04-05 capture (all ten symbols, events/s): each
 * symbol keeps a resting buy at its best bid and a resting sell at its best ask, joined again at
 * the best (behind the displayed size) once filled. One operation is one recorded event: a
 * bookTicker moves the best (and rejoins a filled order), an aggTrade goes to both orders, a depth
 * update's level at each order's price goes to it. The lines are decoded to decimals in setup, so
 * this measures the model and the level lookup, not JSON parsing. Run like MarketJmh (the data
 * folder comes from -Dmariposa.shared.data): {@code org.openjdk.jmh.Main QueueJmh}; {@link #main}
 * prints what one pass over the day fills.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueueJmh {
  /** One recorded event of one symbol, decoded: a best quote, a print, or a depth update. */
  record Event(int symbol, BookSnapshot.Level bid, BookSnapshot.Level ask, BigDecimal price, BigDecimal qty,
               Side aggressor, List<BookSnapshot.Level> bids, List<BookSnapshot.Level> asks, long at) {}

  private List<Event> events;
  private QueuePosition[] buys;
  private QueuePosition[] sells;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path data = Path.of(System.getProperty("mariposa.shared.data", "../shared/data"));
    Map<String, Integer> symbols = new HashMap<>();
    events = new ArrayList<>();
    for (String line : Files.readAllLines(
        data.resolve("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl"))) {
      JsonObject message = new JsonObject(line);
      String stream = message.getString("stream");
      JsonObject d = message.getJsonObject("data");
      int symbol = symbols.computeIfAbsent(stream.substring(0, stream.indexOf('@')), s -> symbols.size());
      if (stream.endsWith("@bookTicker")) {
        events.add(new Event(symbol, level(d.getString("b"), d.getString("B")), level(d.getString("a"), d.getString("A")),
            null, null, null, null, null, 0));
      } else if (stream.endsWith("@aggTrade")) {
        events.add(new Event(symbol, null, null, new BigDecimal(d.getString("p")), new BigDecimal(d.getString("q")),
            d.getBoolean("m") ? Side.SELL : Side.BUY, null, null, d.getLong("T")));
      } else {
        events.add(new Event(symbol, null, null, null, null, null, levels(d.getJsonArray("b")),
            levels(d.getJsonArray("a")), d.getLong("E")));
      }
    }
    buys = new QueuePosition[symbols.size()];
    sells = new QueuePosition[symbols.size()];
  }

  /** Applies the next recorded event; returns the number of fills it gave. */
  @Benchmark
  public int applyEvent() {
    if (next == events.size()) {
      next = 0;
      Arrays.fill(buys, null); // start the day again
      Arrays.fill(sells, null);
    }
    Event event = events.get(next++);
    int s = event.symbol();
    if (event.bid() != null) {
      if (buys[s] == null || buys[s].done()) {
        buys[s] = join(Side.BUY, event.bid());
      }
      if (sells[s] == null || sells[s].done()) {
        sells[s] = join(Side.SELL, event.ask());
      }
      return 0;
    }
    if (buys[s] == null) {
      return 0; // no best quote seen yet for this symbol
    }
    if (event.price() != null) {
      return buys[s].onTrade(event.price(), event.qty(), event.aggressor(), event.at()).size()
          + sells[s].onTrade(event.price(), event.qty(), event.aggressor(), event.at()).size();
    }
    level(buys[s], event.bids());
    level(sells[s], event.asks());
    return 0;
  }

  /** One pass over the day: how many events, and the fills they give (so the model is seen to work). */
  public static void main(String[] args) throws IOException {
    QueueJmh bench = new QueueJmh();
    bench.load();
    int fills = 0;
    for (int i = 0; i < bench.events.size(); i++) {
      fills += bench.applyEvent();
    }
    System.out.printf("%d events, %d fills%n", bench.events.size(), fills);
  }

  private static QueuePosition join(Side side, BookSnapshot.Level best) {
    return new QueuePosition(side, best.price(), best.quantity(), best.quantity(), Fees.binanceSpot());
  }

  private static void level(QueuePosition order, List<BookSnapshot.Level> side) {
    for (BookSnapshot.Level level : side) {
      if (level.price().compareTo(order.price()) == 0) {
        order.onLevel(level.quantity());
        return;
      }
    }
  }

  private static BookSnapshot.Level level(String price, String quantity) {
    return new BookSnapshot.Level(new BigDecimal(price), new BigDecimal(quantity));
  }

  private static List<BookSnapshot.Level> levels(JsonArray side) {
    List<BookSnapshot.Level> levels = new ArrayList<>(side.size());
    for (int i = 0; i < side.size(); i++) {
      levels.add(level(side.getJsonArray(i).getString(0), side.getJsonArray(i).getString(1)));
    }
    return levels;
  }
}
