package dev.mariposa.exchange.paper;

import dev.mariposa.Mariposa;
import dev.mariposa.wiring.Services;
import dev.mariposa.kernel.SimulatedClock;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The paper exchange against real recorded Binance books: the book walk level by level (fees,
 * average price, limits, a thin book), then placements on the cached book of a real instance
 * (idempotent by client order id, rejected without a book, limit orders resting until the book
 * crosses them).
 */
class PaperExchangeTest {
  /** Maker and taker apart, so each test shows which one a fill paid. */
  private static final Fees FEES = Fees.okxSpot();

  private static final String SNAPSHOT = "binance/rest/depth_snapshot_2021-04-05_%s.json";
  private static final BigDecimal FEE = new BigDecimal("0.001");
  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir
  static Path dir;

  private static TestCluster cluster;
  private static Services platform;
  private static PaperExchange exchange;

  @BeforeAll
  static void start() {
    cluster = new TestCluster(dir);
    Mariposa node = cluster.start("paper-1", Map.of("ROLES", "session"));
    platform = node.services();
    exchange = new PaperExchange(platform.market(), platform.mongo(), platform.clock(), FEES);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static JsonObject snapshot(String symbol) throws IOException {
    return new JsonObject(Files.readString(SharedData.require(String.format(SNAPSHOT, symbol))));
  }

  /** A recorded side ([[price, quantity]…] as decimal strings or numbers) as book levels. */
  static List<BookSnapshot.Level> levels(JsonArray side) {
    return BookSnapshot.fromJson(new JsonObject().put("symbol", "X").put("source", "test").put("exchangeTime", 0L)
        .put("receivedAt", 0L).put("bids", side).put("asks", new JsonArray())).bids();
  }

  static BigDecimal dec(JsonArray levels, int level, int field) {
    return new BigDecimal(levels.getJsonArray(level).getString(field));
  }

  /** The first three levels' sizes and half the fourth's. */
  static BigDecimal threeAndAHalf(JsonArray levels) {
    return dec(levels, 0, 1).add(dec(levels, 1, 1)).add(dec(levels, 2, 1)).add(dec(levels, 3, 1).divide(BigDecimal.valueOf(2)));
  }

  static void assertWalk(List<Fill> fills, JsonArray levels) {
    assertThat(fills).hasSize(4);
    BigDecimal notional = BigDecimal.ZERO;
    BigDecimal quantity = BigDecimal.ZERO;
    for (int i = 0; i < 4; i++) {
      BigDecimal price = dec(levels, i, 0);
      BigDecimal size = i < 3 ? dec(levels, i, 1) : dec(levels, i, 1).divide(BigDecimal.valueOf(2));
      Fill f = fills.get(i);
      assertThat(f.price()).as("fill %d price", i).isEqualByComparingTo(price);
      assertThat(f.quantity()).as("fill %d quantity", i).isEqualByComparingTo(size);
      assertThat(f.fee()).as("fill %d fee", i).isEqualByComparingTo(size.multiply(price).multiply(FEE));
      notional = notional.add(size.multiply(price));
      quantity = quantity.add(size);
    }
    assertThat(BookWalker.filled(fills)).isEqualByComparingTo(quantity);
    assertThat(BookWalker.fees(fills)).isEqualByComparingTo(notional.multiply(FEE));
    assertThat(BookWalker.averagePrice(fills)).isCloseTo(notional.divide(quantity, MathContext.DECIMAL128),
        within(new BigDecimal("1E-9")));
  }

  // ---- (a) the book walk ------------------------------------------------------------------

  @Test
  void aBuyWalksTheAsksLevelByLevel() throws IOException {
    JsonArray asks = snapshot("BTCAUD").getJsonArray("asks");
    BigDecimal quantity = threeAndAHalf(asks);
    List<Fill> fills = BookWalker.walk(levels(asks), true, quantity, Optional.empty(), FEE, 42);
    assertWalk(fills, asks);
    assertThat(fills).allMatch(f -> f.at() == 42);
    // Slippage: the average is above the best ask, below the fourth level.
    assertThat(BookWalker.averagePrice(fills)).isGreaterThan(dec(asks, 0, 0)).isLessThan(dec(asks, 3, 0));
  }

  @Test
  void aSellWalksTheBidsLevelByLevel() throws IOException {
    JsonArray bids = snapshot("BTCAUD").getJsonArray("bids");
    List<Fill> fills = BookWalker.walk(levels(bids), false, threeAndAHalf(bids), Optional.empty(), FEE, 42);
    assertWalk(fills, bids);
    assertThat(BookWalker.averagePrice(fills)).isLessThan(dec(bids, 0, 0)).isGreaterThan(dec(bids, 3, 0));
  }

  @Test
  void aLimitStopsTheWalk() throws IOException {
    JsonObject book = snapshot("BTCAUD");
    JsonArray asks = book.getJsonArray("asks");
    JsonArray bids = book.getJsonArray("bids");
    BigDecimal lots = BigDecimal.TEN;

    // At the third level's price: the first three levels, nothing beyond.
    List<Fill> buy = BookWalker.walk(levels(asks), true, lots, Optional.of(dec(asks, 2, 0)), FEE, 0);
    assertThat(buy).extracting(Fill::price).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(dec(asks, 0, 0), dec(asks, 1, 0), dec(asks, 2, 0));
    assertThat(BookWalker.filled(buy)).isEqualByComparingTo(dec(asks, 0, 1).add(dec(asks, 1, 1)).add(dec(asks, 2, 1)));

    // Just below the third level's price: two levels.
    BigDecimal between = dec(asks, 2, 0).subtract(new BigDecimal("0.01"));
    assertThat(BookWalker.walk(levels(asks), true, lots, Optional.of(between), FEE, 0)).hasSize(2)
        .allMatch(f -> f.price().compareTo(between) <= 0);

    // Below the best ask: nothing.
    assertThat(BookWalker.walk(levels(asks), true, lots, Optional.of(dec(asks, 0, 0).subtract(new BigDecimal("0.01"))), FEE, 0))
        .isEmpty();

    // A sell limited at the second bid: the first two bids only, never below the limit.
    List<Fill> sell = BookWalker.walk(levels(bids), false, lots, Optional.of(dec(bids, 1, 0)), FEE, 0);
    assertThat(sell).extracting(Fill::price).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(dec(bids, 0, 0), dec(bids, 1, 0));
    assertThat(sell).allMatch(f -> f.price().compareTo(dec(bids, 1, 0)) >= 0);
  }

  @Test
  void moreThanTheWholeSideFillsOnlyWhatIsThere() throws IOException {
    JsonArray asks = snapshot("BTCAUD").getJsonArray("asks");
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < asks.size(); i++) {
      total = total.add(dec(asks, i, 1));
    }
    List<Fill> fills = BookWalker.walk(levels(asks), true, total.add(BigDecimal.ONE), Optional.empty(), FEE, 0);
    assertThat(fills).hasSize(asks.size());
    assertThat(BookWalker.filled(fills)).isEqualByComparingTo(total);
    for (int i = 0; i < asks.size(); i++) {
      assertThat(fills.get(i).price()).isEqualByComparingTo(dec(asks, i, 0));
      assertThat(fills.get(i).quantity()).isEqualByComparingTo(dec(asks, i, 1));
    }
    assertThat(BookWalker.walk(levels(new JsonArray()), true, BigDecimal.ONE, Optional.empty(), FEE, 0)).isEmpty();
  }

  // ---- (b) the paper exchange on the cached book ------------------------------------------

  /** The recorded snapshot's top 20 levels (numbers, as the feed writes them), cached under {@code symbol}. */
  static JsonObject cacheBook(String symbol, JsonObject snapshot, BigDecimal shift) {
    long now = System.currentTimeMillis();
    JsonObject book = new JsonObject().put("symbol", symbol)
        .put("bids", top20(snapshot.getJsonArray("bids"), shift)).put("asks", top20(snapshot.getJsonArray("asks"), shift))
        .put("receivedAt", now).put("exchangeTime", now).put("source", "binance");
    platform.cache().put(new MarketKeys(platform.keys()).book(symbol), book, Duration.ofMinutes(1)).await();
    return book;
  }

  static JsonArray top20(JsonArray levels, BigDecimal shift) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < Math.min(20, levels.size()); i++) {
      out.add(new JsonArray().add(dec(levels, i, 0).add(shift).doubleValue()).add(dec(levels, i, 1).doubleValue()));
    }
    return out;
  }

  /** Waits until the instance's market cache (it keeps a book in process for 250 ms) serves the new book. */
  static void awaitBook(String symbol, String bestAsk) {
    Eventually.within(Duration.ofSeconds(3), "the new " + symbol + " book is served", () -> platform.market()
        .orderBook(symbol, 20).await().map(b -> new BigDecimal(String.valueOf(b.getJsonArray("asks").getJsonArray(0).getValue(0)))
            .compareTo(new BigDecimal(bestAsk)) == 0).orElse(false));
  }

  static String clOrdId(String what) {
    return "t" + what + SEQ.incrementAndGet() + System.nanoTime();
  }

  static void assertSameFills(List<Fill> actual, List<Fill> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).price()).as("fill %d price", i).isEqualByComparingTo(expected.get(i).price());
      assertThat(actual.get(i).quantity()).as("fill %d quantity", i).isEqualByComparingTo(expected.get(i).quantity());
      assertThat(actual.get(i).fee()).as("fill %d fee", i).isEqualByComparingTo(expected.get(i).fee());
    }
  }

  @Test
  void aMarketOrderFillsAtTheWalkedLevelsOnceByClientOrderId() throws IOException {
    JsonObject snapshot = snapshot("BTCAUD");
    JsonObject book = cacheBook("BTCAUD", snapshot, BigDecimal.ZERO);
    BigDecimal quantity = threeAndAHalf(snapshot.getJsonArray("asks"));
    String id = clOrdId("mkt");

    PlaceResult placed = exchange.place(OrderRequest.market(id, "BTCAUD", Side.BUY, quantity)).await();
    assertThat(placed.outcome()).as(placed.message()).isEqualTo(PlaceResult.Outcome.ACCEPTED);
    assertThat(placed.exchangeOrderId()).contains(id);
    OrderState state = placed.state().orElseThrow();
    assertThat(state.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(state.clOrdId()).isEqualTo(id);
    assertThat(state.filledQuantity()).isEqualByComparingTo(quantity);
    List<Fill> expected = BookWalker.walk(levels(book.getJsonArray("asks")), true, quantity, Optional.empty(), FEES.taker(), 0);
    assertSameFills(state.fills(), expected);
    assertWalk(state.fills(), snapshot.getJsonArray("asks"));
    assertThat(state.averagePrice()).isEqualByComparingTo(BookWalker.averagePrice(expected));
    assertThat(state.fee()).isEqualByComparingTo(BookWalker.fees(expected));

    // The same client order id again, even for another quantity: a duplicate, no second fill.
    PlaceResult again = exchange.place(OrderRequest.market(id, "BTCAUD", Side.BUY, quantity)).await();
    assertThat(again.outcome()).isEqualTo(PlaceResult.Outcome.DUPLICATE);
    assertThat(again.code()).isEqualTo("51016");
    assertThat(exchange.place(OrderRequest.market(id, "BTCAUD", Side.SELL, BigDecimal.ONE)).await().outcome())
        .isEqualTo(PlaceResult.Outcome.DUPLICATE);

    OrderState stored = exchange.lookup("BTCAUD", id).await().orElseThrow();
    assertThat(stored.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(stored.filledQuantity()).isEqualByComparingTo(quantity);
    assertThat(stored.fills()).isEqualTo(state.fills());
    assertThat(platform.mongo().client().count("paper_orders", new JsonObject().put("_id", id)).await()).isEqualTo(1);

    assertThat(exchange.lookup("BTCAUD", clOrdId("unknown")).await()).isEmpty();
  }

  @Test
  void aMarketSellWalksTheCachedBidsAndCancelsWhatTheBookCannotGive() throws IOException {
    JsonObject snapshot = snapshot("MANAUSDT");
    cacheBook("MANAUSDT", snapshot, BigDecimal.ZERO);
    BigDecimal quantity = threeAndAHalf(snapshot.getJsonArray("bids"));
    OrderState sold = exchange.place(OrderRequest.market(clOrdId("sell"), "MANAUSDT", Side.SELL, quantity)).await()
        .state().orElseThrow();
    assertThat(sold.status()).isEqualTo(OrderState.Status.FILLED);
    assertWalk(sold.fills(), snapshot.getJsonArray("bids"));

    // Beyond the 20 cached levels: what they hold fills, the rest is canceled.
    BigDecimal cached = BigDecimal.ZERO;
    for (int i = 0; i < 20; i++) {
      cached = cached.add(dec(snapshot.getJsonArray("asks"), i, 1));
    }
    OrderState big = exchange.place(OrderRequest.market(clOrdId("big"), "MANAUSDT", Side.BUY, cached.add(BigDecimal.ONE)))
        .await().state().orElseThrow();
    assertThat(big.status()).isEqualTo(OrderState.Status.CANCELED);
    assertThat(big.fills()).hasSize(20);
    assertThat(big.filledQuantity()).isEqualByComparingTo(cached);
  }

  @Test
  void aMarketOrderWithoutACachedBookIsRejected() {
    String id = clOrdId("nobook");
    PlaceResult placed = exchange.place(OrderRequest.market(id, "NOBOOKUSDT", Side.BUY, BigDecimal.ONE)).await();
    assertThat(placed.outcome()).isEqualTo(PlaceResult.Outcome.REJECTED);
    assertThat(placed.code()).isEqualTo("no_book");
    assertThat(placed.message()).contains("NOBOOKUSDT");
    OrderState stored = exchange.lookup("NOBOOKUSDT", id).await().orElseThrow();
    assertThat(stored.status()).isEqualTo(OrderState.Status.REJECTED);
    assertThat(stored.fills()).isEmpty();
    assertThat(exchange.place(OrderRequest.market(id, "NOBOOKUSDT", Side.BUY, BigDecimal.ONE)).await().outcome())
        .as("rejected orders keep their id too").isEqualTo(PlaceResult.Outcome.DUPLICATE);
  }

  @Test
  void fillsAreStampedWithTheExchangesClock() throws IOException {
    long replayed = 1726876860000L; // 2024-09-21T00:01Z, as a replay's clock says
    SimulatedClock clock = new SimulatedClock(replayed);
    PaperExchange onReplayedTime = new PaperExchange(platform.market(), platform.mongo(), clock, FEES);
    String symbol = "CLOCKMANA";
    JsonObject snapshot = snapshot("MANAUSDT");
    cacheBook(symbol, snapshot, BigDecimal.ZERO);
    awaitBook(symbol, "0.99087");
    OrderState bought = onReplayedTime.place(OrderRequest.market(clOrdId("clock"), symbol, Side.BUY, BigDecimal.TEN))
        .await().state().orElseThrow();
    assertThat(bought.fills()).isNotEmpty().allMatch(f -> f.at() == replayed);

    onReplayedTime.place(new OrderRequest(clOrdId("clock-limit"), symbol, Side.BUY, OrderRequest.Type.LIMIT,
        BigDecimal.TEN, Optional.of(new BigDecimal("0.99035")))).await();
    clock.advance(Duration.ofMinutes(1));
    cacheBook(symbol, snapshot, new BigDecimal("-0.0006"));
    awaitBook(symbol, "0.99027");
    assertThat(onReplayedTime.matchResting(symbol).await()).singleElement()
        .satisfies(rested -> assertThat(rested.fills()).isNotEmpty().allMatch(f -> f.at() == replayed + 60_000));
  }

  @Test
  void aLimitBuyRestsUntilTheBookCrossesIt() throws IOException {
    // MANAUSDT's recorded asks: 0.99087 x 2356, 0.99088 x 1328.5, 0.99094 x 440, 0.991 x 647.2, ...
    String symbol = "LIMITMANA";
    JsonObject snapshot = snapshot("MANAUSDT");
    cacheBook(symbol, snapshot, BigDecimal.ZERO);
    BigDecimal limit = new BigDecimal("0.99035");
    BigDecimal quantity = new BigDecimal("4000");
    String id = clOrdId("limit");
    OrderRequest request = new OrderRequest(id, symbol, Side.BUY, OrderRequest.Type.LIMIT, quantity, Optional.of(limit));

    PlaceResult placed = exchange.place(request).await();
    assertThat(placed.outcome()).isEqualTo(PlaceResult.Outcome.ACCEPTED);
    assertThat(placed.state().orElseThrow().status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(placed.state().orElseThrow().fills()).isEmpty();
    assertThat(exchange.lookup(symbol, id).await().orElseThrow().status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(exchange.matchResting(symbol).await()).as("the book does not cross yet").isEmpty();

    // The book moves down 0.0006: asks 0.99027 x 2356, 0.99028 x 1328.5, 0.99034 x 440, 0.9904 x 647.2, ...
    JsonObject crossing = cacheBook(symbol, snapshot, new BigDecimal("-0.0006"));
    awaitBook(symbol, "0.99027");
    List<OrderState> changed = exchange.matchResting(symbol).await();
    assertThat(changed).hasSize(1);
    OrderState filled = changed.get(0);
    assertThat(filled.clOrdId()).isEqualTo(id);
    assertThat(filled.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(filled.filledQuantity()).isEqualByComparingTo(quantity);
    assertThat(filled.fills()).allMatch(f -> f.price().compareTo(limit) <= 0, "at or below the limit");
    assertThat(filled.fills()).extracting(Fill::price).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.99027"), new BigDecimal("0.99028"), new BigDecimal("0.99034"));
    assertThat(filled.fills()).extracting(Fill::quantity).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("2356"), new BigDecimal("1328.5"), new BigDecimal("315.5"));
    // It rested, then was hit: the maker fee (OKX's 0.08 %, not the 0.1 % it would have paid taking).
    assertSameFills(filled.fills(),
        BookWalker.walk(levels(crossing.getJsonArray("asks")), true, quantity, Optional.of(limit), FEES.maker(), 0));

    assertThat(exchange.lookup(symbol, id).await().orElseThrow().status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(exchange.matchResting(symbol).await()).as("filled orders do not rest").isEmpty();
  }

  @Test
  void aLimitBuyTakesWhatCrossesAtOnceAndTheRestLater() throws IOException {
    String symbol = "PARTIALMANA";
    JsonObject snapshot = snapshot("MANAUSDT");
    cacheBook(symbol, snapshot, BigDecimal.ZERO);
    BigDecimal limit = new BigDecimal("0.99088");
    BigDecimal quantity = new BigDecimal("5000");
    String id = clOrdId("partial");
    OrderState first = exchange.place(new OrderRequest(id, symbol, Side.BUY, OrderRequest.Type.LIMIT, quantity,
        Optional.of(limit))).await().state().orElseThrow();
    assertThat(first.status()).isEqualTo(OrderState.Status.PARTIALLY_FILLED);
    assertThat(first.filledQuantity()).isEqualByComparingTo("3684.5"); // 2356 + 1328.5, at or below 0.99088

    // The same book again takes nothing more: its liquidity at or below the limit was taken.
    assertThat(exchange.matchResting(symbol).await()).as("the book it already matched").isEmpty();
    assertThat(exchange.lookup(symbol, id).await().orElseThrow().filledQuantity()).isEqualByComparingTo("3684.5");

    cacheBook(symbol, snapshot, new BigDecimal("-0.0006"));
    awaitBook(symbol, "0.99027");
    List<OrderState> after = exchange.matchResting(symbol).await();
    assertThat(after).hasSize(1);
    OrderState done = after.get(0);
    assertThat(done.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(done.filledQuantity()).isEqualByComparingTo(quantity);
    assertThat(done.fills()).hasSize(3);
    assertThat(done.fills().get(2).quantity()).isEqualByComparingTo("1315.5");
    assertThat(done.fills().get(2).price()).isEqualByComparingTo("0.99027");
    assertThat(done.fills()).allMatch(f -> f.price().compareTo(limit) <= 0);
  }
}
