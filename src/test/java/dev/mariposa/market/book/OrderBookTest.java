package dev.mariposa.market.book;

import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The book's sorted array sides keep what a {@code TreeMap<Double, Double>} per side kept. */
class OrderBookTest {

  /** Every depth diff of BTCAUD's capture applied on its snapshot: the book level for level as the TreeMaps. */
  @Test
  void recordedDiffsGiveTheTreeMapBook() throws IOException {
    Path capture = SharedData.require("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl");
    JsonObject snapshot = new JsonObject(Files.readString(
        SharedData.require("binance/rest/depth_snapshot_2021-04-05_BTCAUD.json")));
    OrderBook book = new OrderBook("BTCAUD");
    Reference reference = new Reference();
    book.reset(DepthSnapshot.of(snapshot));
    reference.reset(DepthSnapshot.of(snapshot));
    int applied = 0;
    for (String line : Files.readAllLines(capture)) {
      if (!line.startsWith("{\"stream\":\"btcaud@depth")) {
        continue;
      }
      DepthDiff diff = DepthDiff.of(new JsonObject(line).getJsonObject("data"));
      if (diff.lastUpdateId() <= book.lastUpdateId()) {
        continue;
      }
      book.apply(diff);
      reference.apply(diff);
      applied++;
      reference.assertSame(book, 20);
    }
    assertThat(applied).isGreaterThan(100);
    reference.assertSame(book, Integer.MAX_VALUE);
  }

  /** Random levels around a mid, many removed (known or not), the sides growing past their first arrays. */
  @Test
  void randomLevelsGiveTheTreeMapBook() {
    Random random = new Random(7);
    OrderBook book = new OrderBook("TESTUSDT");
    Reference reference = new Reference();
    for (int i = 0; i < 3000; i++) {
      double[] bids = levels(random, 100, -1);
      double[] asks = levels(random, 101, 1);
      DepthDiff diff = new DepthDiff(i, i, bids, asks);
      book.apply(diff);
      reference.apply(diff);
      reference.assertSame(book, 10);
    }
    reference.assertSame(book, Integer.MAX_VALUE);
    assertThat(book.quantity(true, -1)).as("a negative count takes every level").isEqualTo(reference.sum(reference.bids));
    assertThat(book.quantity(true, 0)).isZero();
  }

  /** A snapshot best first is laid in directly; one in another order, or with repeats or zeros, as set one by one. */
  @Test
  void snapshotsInAnyOrderGiveTheTreeMapBook() {
    OrderBook book = new OrderBook("TESTUSDT");
    Reference reference = new Reference();
    List<DepthSnapshot> snapshots = List.of(
        new DepthSnapshot(1, new double[] {10, 1, 9.5, 2, 9, 3}, new double[] {11, 1, 11.5, 2, 12, 3}),
        new DepthSnapshot(2, new double[] {9, 1, 10, 2, 9.5, 3}, new double[] {12, 1, 11, 2}),
        new DepthSnapshot(3, new double[] {10, 1, 10, 2, 9, 3}, new double[] {11, 1, 11.5, 0, 12, 3}),
        new DepthSnapshot(4, new double[0], new double[] {11, 0}));
    for (DepthSnapshot snapshot : snapshots) {
      book.reset(snapshot);
      reference.reset(snapshot);
      reference.assertSame(book, Integer.MAX_VALUE);
    }
    Random random = new Random(11);
    for (int i = 0; i < 50; i++) { // big ones, best first, then a diff on each
      double[] bids = new double[2 * (100 + random.nextInt(200))];
      double[] asks = new double[bids.length];
      for (int level = 0; level < bids.length / 2; level++) {
        bids[2 * level] = 100 - level / 100.0;
        asks[2 * level] = 101 + level / 100.0;
        bids[2 * level + 1] = 1 + random.nextInt(100);
        asks[2 * level + 1] = 1 + random.nextInt(100);
      }
      DepthSnapshot snapshot = new DepthSnapshot(i, bids, asks);
      book.reset(snapshot);
      reference.reset(snapshot);
      reference.assertSame(book, Integer.MAX_VALUE);
      DepthDiff diff = new DepthDiff(i, i, levels(random, 100, -1), levels(random, 101, 1));
      book.apply(diff);
      reference.apply(diff);
      reference.assertSame(book, Integer.MAX_VALUE);
    }
  }

  @Test
  void aMalformedSnapshotIsRefusedWhenRead() {
    assertThatThrownBy(() -> DepthSnapshot.of(new JsonObject().put("bids", new JsonArray())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed depth snapshot");
  }

  @Test
  void anEmptyBook() {
    OrderBook book = new OrderBook("TESTUSDT");
    assertThat(book.isEmpty()).isTrue();
    assertThat(book.bestBid()).isNaN();
    assertThat(book.bestAsk()).isNaN();
    assertThat(book.bestBidQuantity()).isZero();
    assertThat(book.quantity(false, 5)).isZero();
    assertThat(book.isCrossed()).isFalse();
    book.apply(new DepthDiff(1, 2, new double[] {10, 1}, new double[] {9, 1}));
    assertThat(book.isCrossed()).isTrue();
    assertThat(book.lastUpdateId()).isEqualTo(2);
  }

  private static double[] levels(Random random, double mid, int side) {
    int n = random.nextInt(6);
    double[] pairs = new double[2 * n];
    for (int i = 0; i < n; i++) {
      pairs[2 * i] = mid + side * random.nextInt(400) / 100.0;
      pairs[2 * i + 1] = random.nextInt(3) == 0 ? 0 : random.nextInt(1000) / 10.0;
    }
    return pairs;
  }

  /** The book as it was kept before: a TreeMap per side, best first. */
  private static final class Reference {
    final TreeMap<Double, Double> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<Double, Double> asks = new TreeMap<>();
    long lastUpdateId;

    void reset(DepthSnapshot snapshot) {
      bids.clear();
      asks.clear();
      set(bids, snapshot.bids());
      set(asks, snapshot.asks());
      lastUpdateId = snapshot.lastUpdateId();
    }

    void apply(DepthDiff diff) {
      set(bids, diff.bids());
      set(asks, diff.asks());
      lastUpdateId = diff.lastUpdateId();
    }

    private static void set(TreeMap<Double, Double> side, double[] levels) {
      for (int i = 0; i < levels.length; i += 2) {
        if (levels[i + 1] == 0) {
          side.remove(levels[i]);
        } else {
          side.put(levels[i], levels[i + 1]);
        }
      }
    }

    double sum(TreeMap<Double, Double> side) {
      double sum = 0;
      for (double quantity : side.values()) {
        sum += quantity;
      }
      return sum;
    }

    void assertSame(OrderBook book, int levels) {
      assertThat(book.lastUpdateId()).isEqualTo(lastUpdateId);
      assertThat(Double.compare(book.bestBid(), bids.isEmpty() ? Double.NaN : bids.firstKey())).isZero(); // NaN: none
      assertThat(Double.compare(book.bestAsk(), asks.isEmpty() ? Double.NaN : asks.firstKey())).isZero();
      assertThat(book.isCrossed()).isEqualTo(!bids.isEmpty() && !asks.isEmpty() && bids.firstKey() >= asks.firstKey());
      BookSnapshot top = book.snapshot(levels, 0, 0, "test");
      assertThat(top.bids()).isEqualTo(top(bids, levels));
      assertThat(top.asks()).isEqualTo(top(asks, levels));
      assertThat(book.quantity(true, 5)).isEqualTo(sum(bids.headMap(nth(bids, 5), false)));
      assertThat(book.quantity(false, 5)).isEqualTo(sum(asks.headMap(nth(asks, 5), false)));
    }

    /** The key after the first {@code n}, or a key past them all. */
    private static Double nth(TreeMap<Double, Double> side, int n) {
      int i = 0;
      for (Double key : side.keySet()) {
        if (i++ == n) {
          return key;
        }
      }
      return side.comparator() == null ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private static double sum(Map<Double, Double> levels) {
      double sum = 0;
      for (double quantity : levels.values()) {
        sum += quantity;
      }
      return sum;
    }

    private static List<BookSnapshot.Level> top(TreeMap<Double, Double> side, int levels) {
      List<BookSnapshot.Level> out = new ArrayList<>();
      for (Map.Entry<Double, Double> level : side.entrySet()) {
        if (out.size() == levels) {
          break;
        }
        out.add(new BookSnapshot.Level(JsonDecimals.number(level.getKey()), JsonDecimals.number(level.getValue())));
      }
      return out;
    }
  }
}
