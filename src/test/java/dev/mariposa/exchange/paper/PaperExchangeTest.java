package dev.mariposa.exchange.paper;

import dev.mariposa.Mariposa;
import dev.mariposa.wiring.Services;
import dev.mariposa.kernel.SimulatedClock;
import dev.mariposa.market.MarketKeys;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
import java.util.concurrent.CopyOnWriteArrayList;
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
 * (idempotent by client order id, rejected without a book), and resting orders on the queue
 * model: fed prints, once each however many instances hear them, amended and cancelled.
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
  private static Mariposa node;
  private static PaperExchange exchange;

  @BeforeAll
  static void start() {
    cluster = new TestCluster(dir);
    node = cluster.start("paper-1", Map.of("ROLES", "session"));
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
  }

  // ---- (c) resting orders: the queue model, fed prints ------------------------------------

  /** A print of {@code symbol}: {@code qty} at {@code price}, its taker selling (the buyer was the maker) or buying. */
  static TradePrint print(String symbol, long id, String price, String qty, boolean sellerTook) {
    long now = System.currentTimeMillis() + 1_000; // after the cached book: the book is applied first
    return new TradePrint(symbol, "binance", now, now + id, id, new BigDecimal(price), new BigDecimal(qty), now, sellerTook);
  }

  static PaperExchange.Stored resting(PaperExchange on, String id) {
    return on.resting().await().stream().filter(s -> s.order().clOrdId().equals(id)).findFirst().orElseThrow();
  }

  static OrderRequest limit(String id, String symbol, Side side, String quantity, String price) {
    return new OrderRequest(id, symbol, side, OrderRequest.Type.LIMIT, new BigDecimal(quantity),
        Optional.of(new BigDecimal(price)));
  }

  @Test
  void aLimitBuyQueuesBehindTheBidAndFillsFromThePrintsThatReachIt() throws IOException {
    // MANAUSDT's recorded bids: 0.99073 x 1375.1, 0.99068 x 829.2, 0.99013 x 1206, ...
    String symbol = "QUEUEMANA";
    cacheBook(symbol, snapshot("MANAUSDT"), BigDecimal.ZERO);
    awaitBook(symbol, "0.99087");
    String id = clOrdId("queue");
    PlaceResult placed = exchange.place(limit(id, symbol, Side.BUY, "1000", "0.99068")).await();
    assertThat(placed.state().orElseThrow().status()).isEqualTo(OrderState.Status.LIVE);
    PaperExchange.Stored stored = resting(exchange, id);
    assertThat(stored.order().ahead()).as("behind the 829.2 displayed").isEqualByComparingTo("829.2");

    // A sell print of 500 at 0.99068: all to those ahead, 329.2 left; nothing fills.
    PaperExchange.Applied first = exchange.apply(stored, print(symbol, 1, "0.99068", "500", true)).await();
    assertThat(first.changed()).isFalse();
    assertThat(first.now().orElseThrow().order().ahead()).isEqualByComparingTo("329.2");
    // A buy print at our price takes the asks' queue, not ours; a sell print above it is another level's.
    assertThat(exchange.apply(first.now().orElseThrow(), print(symbol, 2, "0.99068", "900", false)).await().changed()).isFalse();
    assertThat(exchange.apply(first.now().orElseThrow(), print(symbol, 3, "0.99073", "900", true)).await().changed()).isFalse();
    // A sell print of 829.2: 329.2 to those ahead, 500 ours, at 0.99068, maker fee (OKX's 0.08 %):
    // 500 x 0.99068 x 0.0008 = 0.396272, stamped with the print's receive time.
    TradePrint reaching = print(symbol, 4, "0.99068", "829.2", true);
    PaperExchange.Applied second = exchange.apply(resting(exchange, id), reaching).await();
    assertThat(second.changed()).isTrue();
    OrderState partly = exchange.lookup(symbol, id).await().orElseThrow();
    assertThat(partly.status()).isEqualTo(OrderState.Status.PARTIALLY_FILLED);
    assertThat(partly.fills()).singleElement().satisfies(f -> {
      assertThat(f.quantity()).isEqualByComparingTo("500");
      assertThat(f.price()).isEqualByComparingTo("0.99068");
      assertThat(f.fee()).isEqualByComparingTo("0.396272");
      assertThat(f.at()).isEqualTo(reaching.receivedAt());
    });
    // The same print again: applied already, nothing more.
    assertThat(exchange.apply(second.now().orElseThrow(), reaching).await().changed()).isFalse();
    // A sell print through it (0.99 < 0.99068): the other 500 fill at 0.99068.
    assertThat(exchange.apply(second.now().orElseThrow(), print(symbol, 5, "0.99", "1", true)).await().changed()).isTrue();
    OrderState done = exchange.lookup(symbol, id).await().orElseThrow();
    assertThat(done.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(done.fills()).hasSize(2).startsWith(partly.fills().get(0));
    assertThat(done.fills().get(1).price()).isEqualByComparingTo("0.99068");
    assertThat(exchange.resting().await()).noneMatch(s -> s.order().clOrdId().equals(id));
  }

  @Test
  void aLimitBuyTakesWhatCrossesAtOnceAndRestsTheRestAtTheFrontOfItsLevel() throws IOException {
    String symbol = "PARTIALMANA";
    cacheBook(symbol, snapshot("MANAUSDT"), BigDecimal.ZERO);
    awaitBook(symbol, "0.99087");
    String id = clOrdId("partial");
    OrderState first = exchange.place(limit(id, symbol, Side.BUY, "5000", "0.99088")).await().state().orElseThrow();
    assertThat(first.status()).isEqualTo(OrderState.Status.PARTIALLY_FILLED);
    assertThat(first.filledQuantity()).isEqualByComparingTo("3684.5"); // 2356 + 1328.5 at or below 0.99088, taker
    // The rest, 1315.5, rests at 0.99088, above the best bid 0.99073: nobody ahead of it.
    PaperExchange.Stored stored = resting(exchange, id);
    assertThat(stored.order().ahead()).isEqualByComparingTo("0");
    exchange.apply(stored, print(symbol, 1, "0.99088", "2000", true)).await();
    OrderState done = exchange.lookup(symbol, id).await().orElseThrow();
    assertThat(done.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(done.fills()).hasSize(3);
    assertThat(done.fills().get(2).quantity()).isEqualByComparingTo("1315.5");
    // 1315.5 x 0.99088 x 0.0008 (maker) against 0.001 taker on the first two
    assertThat(done.fills().get(2).fee()).isEqualByComparingTo(new BigDecimal("1315.5").multiply(new BigDecimal("0.99088"))
        .multiply(FEES.maker()));
    assertThat(done.fills().get(0).fee()).isEqualByComparingTo(new BigDecimal("2356").multiply(new BigDecimal("0.99087"))
        .multiply(FEES.taker()));
  }

  @Test
  void twoInstancesApplyingOnePrintFillTheOrderOnce() throws IOException {
    String symbol = "RACEMANA";
    cacheBook(symbol, snapshot("MANAUSDT"), BigDecimal.ZERO);
    awaitBook(symbol, "0.99087");
    PaperExchange other = new PaperExchange(platform.market(), platform.mongo(), platform.clock(), FEES);
    String id = clOrdId("race");
    exchange.place(limit(id, symbol, Side.BUY, "1000", "0.99068")).await();
    PaperExchange.Stored known = resting(exchange, id); // both instances read it as it is now
    TradePrint reaching = print(symbol, 1, "0.99068", "1329.2", true); // 829.2 ahead, 500 ours

    PaperExchange.Applied here = exchange.apply(known, reaching).await();
    PaperExchange.Applied there = other.apply(known, reaching).await();
    assertThat(here.changed()).isTrue();
    assertThat(there.changed()).as("written already: read again, the print found applied").isFalse();
    assertThat(there.now().orElseThrow().revision()).isEqualTo(known.revision() + 1);
    assertThat(exchange.lookup(symbol, id).await().orElseThrow().fills()).singleElement()
        .satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo("500"));
  }

  @Test
  void aPrintHeardByTwoFeedsFillsOnce() throws Exception {
    String symbol = "FEEDMANA";
    cacheBook(symbol, snapshot("MANAUSDT"), BigDecimal.ZERO);
    awaitBook(symbol, "0.99087");
    Vertx vertx = node.vertx();
    PaperExchange other = new PaperExchange(platform.market(), platform.mongo(), platform.clock(), FEES);
    PaperExchange mine = new PaperExchange(platform.market(), platform.mongo(), platform.clock(), FEES);
    List<OrderState> told = new CopyOnWriteArrayList<>();
    PaperVenueFeed here = onContext(vertx, new PaperVenueFeed(vertx, mine, 60_000, told::add));
    PaperVenueFeed there = onContext(vertx, new PaperVenueFeed(vertx, other, 60_000, told::add));
    try {
      String id = clOrdId("feeds");
      mine.place(limit(id, symbol, Side.BUY, "1000", "0.99068")).await();
      Eventually.within(Duration.ofSeconds(3), "this instance's feed follows its order's symbol",
          () -> here.symbols().contains(symbol));
      there.refresh().await(); // the other instance reads it (every second, live)
      assertThat(there.symbols()).contains(symbol);

      // 829.2 ahead, 500 ours: both feeds hear it, the order fills once.
      TradePrint reaching = print(symbol, 1, "0.99068", "1329.2", true);
      vertx.eventBus().publish(Addresses.trade(symbol), reaching);
      Eventually.within(Duration.ofSeconds(3), "the print filled the order", () -> told.size() == 1);
      vertx.eventBus().publish(Addresses.trade(symbol), reaching); // heard again: applied already
      TradePrint next = print(symbol, 2, "0.99068", "200", true);
      vertx.eventBus().publish(Addresses.trade(symbol), next);
      Eventually.within(Duration.ofSeconds(3), "the next print filled it further", () -> told.size() == 2);
      Thread.sleep(200); // a second fill of either print would be told by now
      assertThat(told).hasSize(2);
      OrderState state = mine.lookup(symbol, id).await().orElseThrow();
      assertThat(state.fills()).extracting(f -> f.quantity().stripTrailingZeros().toPlainString())
          .containsExactly("500", "200");
      assertThat(state.status()).isEqualTo(OrderState.Status.PARTIALLY_FILLED);
    } finally {
      here.stop();
      there.stop();
    }
  }

  /** Starts {@code feed} on a context of its own, as a verticle would. */
  static PaperVenueFeed onContext(Vertx vertx, PaperVenueFeed feed) {
    Promise<Void> started = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> feed.start().onComplete(started));
    started.future().await();
    return feed;
  }

  @Test
  void amendsMoveSizeAndPriceAsTheQueueModelSays() throws IOException {
    String symbol = "AMENDMANA";
    cacheBook(symbol, snapshot("MANAUSDT"), BigDecimal.ZERO);
    awaitBook(symbol, "0.99087");
    String id = clOrdId("amend");
    exchange.place(new OrderRequest(id, symbol, Side.BUY, OrderRequest.Type.POST_ONLY, new BigDecimal("1000"),
        Optional.of(new BigDecimal("0.99068")))).await();
    exchange.apply(resting(exchange, id), print(symbol, 1, "0.99068", "500", true)).await(); // ahead 329.2

    // A smaller size keeps its place.
    assertThat(exchange.amend(symbol, id, "a1", Optional.of(new BigDecimal("800")), Optional.empty()).await().outcome())
        .isEqualTo(AmendResult.Outcome.AMENDED);
    assertThat(resting(exchange, id).order().ahead()).isEqualByComparingTo("329.2");
    // A post-only moved to the best ask (0.99087) would take: refused, it stands as it was.
    AmendResult refused = exchange.amend(symbol, id, "a2", Optional.empty(), Optional.of(new BigDecimal("0.99087"))).await();
    assertThat(refused.outcome()).isEqualTo(AmendResult.Outcome.REJECTED);
    assertThat(refused.code()).isEqualTo("51511");
    assertThat(resting(exchange, id).order().price()).isEqualByComparingTo("0.99068");
    // A new price, the best bid 0.99073: behind its 1375.1.
    assertThat(exchange.amend(symbol, id, "a3", Optional.empty(), Optional.of(new BigDecimal("0.99073"))).await().outcome())
        .isEqualTo(AmendResult.Outcome.AMENDED);
    PaperExchange.Stored moved = resting(exchange, id);
    assertThat(moved.order().ahead()).isEqualByComparingTo("1375.1");
    // The same amend again (a retry): answered as before, the queue not lost a second time.
    exchange.apply(moved, print(symbol, 2, "0.99073", "1000", true)).await(); // ahead 375.1
    assertThat(exchange.amend(symbol, id, "a3", Optional.empty(), Optional.of(new BigDecimal("0.99073"))).await().outcome())
        .isEqualTo(AmendResult.Outcome.AMENDED);
    assertThat(resting(exchange, id).order().ahead()).isEqualByComparingTo("375.1");
    // Fill 300, then a new total of 300: at or below what filled, so it ends FILLED.
    exchange.apply(resting(exchange, id), print(symbol, 3, "0.99073", "675.1", true)).await();
    assertThat(exchange.lookup(symbol, id).await().orElseThrow().filledQuantity()).isEqualByComparingTo("300");
    assertThat(exchange.amend(symbol, id, "a4", Optional.of(new BigDecimal("300")), Optional.empty()).await().outcome())
        .isEqualTo(AmendResult.Outcome.AMENDED);
    assertThat(exchange.lookup(symbol, id).await().orElseThrow().status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(exchange.amend(symbol, id, "a5", Optional.of(new BigDecimal("200")), Optional.empty()).await().outcome())
        .isEqualTo(AmendResult.Outcome.ALREADY_FINAL);
    assertThat(exchange.cancel(symbol, id).await().outcome()).isEqualTo(CancelResult.Outcome.ALREADY_FINAL);
    assertThat(exchange.amend(symbol, clOrdId("nobody"), "a6", Optional.of(BigDecimal.ONE), Optional.empty()).await()
        .outcome()).isEqualTo(AmendResult.Outcome.NOT_FOUND);
  }

  @Test
  void aCancelledOrderTakesNoMorePrints() throws IOException {
    String symbol = "CANCELMANA";
    cacheBook(symbol, snapshot("MANAUSDT"), BigDecimal.ZERO);
    awaitBook(symbol, "0.99087");
    String id = clOrdId("cancel");
    exchange.place(limit(id, symbol, Side.BUY, "1000", "0.99068")).await();
    PaperExchange.Stored before = resting(exchange, id);
    assertThat(exchange.cancel(symbol, id).await().outcome()).isEqualTo(CancelResult.Outcome.CANCELED);
    // A print worked out on the order as it was before the cancel is not written over it.
    PaperExchange.Applied late = exchange.apply(before, print(symbol, 1, "0.99", "1", true)).await();
    assertThat(late.changed()).isFalse();
    OrderState state = exchange.lookup(symbol, id).await().orElseThrow();
    assertThat(state.status()).isEqualTo(OrderState.Status.CANCELED);
    assertThat(state.fills()).isEmpty();
  }

  @Test
  void aLatencyDelaysThePlacementAndStampsItsFillsAfterIt() throws IOException {
    long replayed = 1726876860000L;
    SimulatedClock clock = new SimulatedClock(replayed);
    PaperExchange slow = new PaperExchange(node.vertx(), platform.market(), platform.mongo(), clock, FEES,
        new Latency(150, 0, 1));
    String symbol = "SLOWMANA";
    cacheBook(symbol, snapshot("MANAUSDT"), BigDecimal.ZERO);
    awaitBook(symbol, "0.99087");
    long started = System.nanoTime();
    OrderState bought = slow.place(OrderRequest.market(clOrdId("slow"), symbol, Side.BUY, BigDecimal.TEN)).await()
        .state().orElseThrow();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a timer ran first").isGreaterThanOrEqualTo(Duration.ofMillis(150));
    // The replayed clock stood still meanwhile: the order reached the venue at its time + 150 ms.
    assertThat(bought.fills()).isNotEmpty().allMatch(f -> f.at() == replayed + 150);
  }
}
