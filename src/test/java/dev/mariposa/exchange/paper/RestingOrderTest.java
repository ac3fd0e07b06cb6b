package dev.mariposa.exchange.paper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The queue model's rules on small hand-made books: where an order joins, what a book state and a
 * print do to it, how an amend moves it, and the latency's draws.
 */
class RestingOrderTest {
  private static final Fees FEES = Fees.okxSpot(); // maker 0.08 %, taker 0.1 %: each fill shows which it paid

  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  /** Bids 100 x 5, 99 x 7, 97 x 2; asks 101 x 4, 102 x 6. Version {@code version}. */
  private static BookSnapshot book(long version) {
    return book(version, List.of(level("100", "5"), level("99", "7"), level("97", "2")),
        List.of(level("101", "4"), level("102", "6")));
  }

  private static BookSnapshot book(long version, List<BookSnapshot.Level> bids, List<BookSnapshot.Level> asks) {
    return new BookSnapshot("TEST", "test", null, version, version, version, bids, asks);
  }

  private static BookSnapshot.Level level(String price, String quantity) {
    return new BookSnapshot.Level(d(price), d(quantity));
  }

  private static RestingOrder rest(Side side, OrderRequest.Type type, String quantity, String price) {
    OrderRequest request = new OrderRequest("o1", "TEST", side, type, d(quantity), Optional.of(d(price)));
    return RestingOrder.place(request, Optional.of(book(1)), FEES, 1_000).resting().orElseThrow();
  }

  /** A print at {@code at} (receive and trade time), the seller taking when {@code sellerTook}. */
  private static TradePrint print(long id, long at, String price, String qty, boolean sellerTook) {
    return new TradePrint("TEST", "test", at, at, id, d(price), d(qty), at, sellerTook);
  }

  @Test
  void anOrderJoinsBehindWhatIsDisplayedAtItsPrice() {
    assertThat(rest(Side.BUY, OrderRequest.Type.LIMIT, "1", "99").ahead()).as("at a level").isEqualByComparingTo("7");
    assertThat(rest(Side.BUY, OrderRequest.Type.LIMIT, "1", "100.5").ahead()).as("better than the best").isEqualByComparingTo("0");
    assertThat(rest(Side.BUY, OrderRequest.Type.LIMIT, "1", "98").ahead()).as("a gap between levels").isEqualByComparingTo("0");
    assertThat(rest(Side.BUY, OrderRequest.Type.LIMIT, "1", "96").ahead()).as("deeper than shown: all of the side")
        .isEqualByComparingTo("14");
    assertThat(rest(Side.SELL, OrderRequest.Type.POST_ONLY, "1", "102").ahead()).isEqualByComparingTo("6");
  }

  @Test
  void whatALimitTakesPaysTakerAndItsRestQueuesAtTheFront() {
    OrderRequest request = new OrderRequest("o1", "TEST", Side.BUY, OrderRequest.Type.LIMIT, d("10"), Optional.of(d("101")));
    RestingOrder.Placement placed = RestingOrder.place(request, Optional.of(book(1)), FEES, 1_000);
    // 4 taken at 101 (taker: 4 x 101 x 0.001 = 0.404); the other 6 rest at 101, above every bid.
    RestingOrder order = placed.resting().orElseThrow();
    assertThat(order.status()).isEqualTo(OrderState.Status.PARTIALLY_FILLED);
    assertThat(order.fills()).singleElement().satisfies(f -> assertThat(f.fee()).isEqualByComparingTo("0.404"));
    assertThat(order.ahead()).isEqualByComparingTo("0");
    // A sell print of 6 at 101 fills the rest, maker: 6 x 101 x 0.0008 = 0.4848.
    RestingOrder filled = order.onTrade(print(1, 2_000, "101", "6", true), FEES);
    assertThat(filled.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(filled.fills().get(1).fee()).isEqualByComparingTo("0.4848");

    OrderRequest post = new OrderRequest("o2", "TEST", Side.BUY, OrderRequest.Type.POST_ONLY, d("10"), Optional.of(d("101")));
    RestingOrder.Placement cancelled = RestingOrder.place(post, Optional.of(book(1)), FEES, 1_000);
    assertThat(cancelled.resting()).as("a post-only that would take").isEmpty();
    assertThat(cancelled.state().status()).isEqualTo(OrderState.Status.CANCELED);
    assertThat(cancelled.state().fills()).isEmpty();
  }

  @Test
  void aBookShrinksTheQueueWithinTheDisplayedDepthOnly() {
    RestingOrder order = rest(Side.BUY, OrderRequest.Type.LIMIT, "1", "99"); // ahead 7
    // 99 shows 3: min(7, 3) = 3.
    RestingOrder shrunk = order.onBook(book(2, List.of(level("100", "5"), level("99", "3")), List.of(level("101", "4"))));
    assertThat(shrunk.ahead()).isEqualByComparingTo("3");
    // An older book is ignored.
    assertThat(shrunk.onBook(book(1, List.of(level("99", "1")), List.of()))).isSameAs(shrunk);
    // Bids now start below 99 (everyone at 99 and above left): 99 is better than the best, ahead 0.
    assertThat(shrunk.onBook(book(3, List.of(level("98", "5")), List.of(level("101", "4")))).ahead()).isEqualByComparingTo("0");
    // Shown only down to 99.5 (the order lies deeper): nothing known, nothing moves.
    assertThat(shrunk.onBook(book(4, List.of(level("100", "5"), level("99.5", "1")), List.of())).ahead())
        .isEqualByComparingTo("3");
    // Asks crossing down to our bid fill nothing: only a print shows a counterparty.
    RestingOrder crossed = shrunk.onBook(book(5, List.of(level("98", "5")), List.of(level("99", "9"))));
    assertThat(crossed.fills()).isEmpty();
  }

  @Test
  void aPrintIsAppliedOnceAndNeverFromBeforeTheOrderRested() {
    RestingOrder order = rest(Side.BUY, OrderRequest.Type.LIMIT, "2", "99"); // ahead 7, rested at 1000
    assertThat(order.touchedBy(print(1, 999, "99", "8", true))).as("before it rested").isFalse();
    TradePrint reaching = print(2, 1_500, "99", "8", true); // 7 ahead, 1 ours
    RestingOrder once = order.onTrade(reaching, FEES);
    assertThat(once.filled()).isEqualByComparingTo("1");
    assertThat(once.onTrade(reaching, FEES)).as("the same print again").isSameAs(once);
    assertThat(once.touchedBy(print(1, 1_500, "99", "8", true))).as("an older id at the same time").isFalse();
    assertThat(once.onTrade(print(3, 1_500, "99", "0.5", true), FEES).filled()).as("a newer id at the same time")
        .isEqualByComparingTo("1.5");
    assertThat(once.touchedBy(print(4, 1_600, "99", "1", false))).as("a buyer's print: not our queue").isFalse();
    assertThat(once.touchedBy(print(4, 1_600, "99.5", "1", true))).as("above a buy: another level").isFalse();
  }

  @Test
  void aBookNewerThanThePrintIsNotAppliedBeforeIt() {
    RestingOrder order = rest(Side.BUY, OrderRequest.Type.LIMIT, "2", "99"); // ahead 7
    // The cached book already shows the print (99 down from 7 to 3 after a print of 4): applied
    // first it would count those 4 twice, and give the order a fill. Taken after the print: ignored.
    BookSnapshot after = new BookSnapshot("TEST", "test", null, 9L, 2_000, 2_000, List.of(level("99", "3")), List.of());
    RestingOrder fed = order.onPrint(print(1, 1_500, "99", "4", true), Optional.of(after), FEES);
    assertThat(fed.ahead()).isEqualByComparingTo("3");
    assertThat(fed.fills()).isEmpty();
    // A book from before a print is applied first: 99 shows 1 at 1400, then a print of 2: 1 ahead, 1 ours.
    BookSnapshot before = new BookSnapshot("TEST", "test", null, 8L, 1_400, 1_400, List.of(level("99", "1")), List.of());
    assertThat(order.onPrint(print(1, 1_500, "99", "2", true), Optional.of(before), FEES).filled()).isEqualByComparingTo("1");
  }

  @Test
  void aBarFillsOnlyWhatItTradedThroughAfterTheOrderJoined() {
    RestingOrder order = rest(Side.BUY, OrderRequest.Type.LIMIT, "2", "99"); // joined at 1000
    assertThat(order.onBar(d("98"), d("101"), 1_000, 60_999, FEES)).as("opened as it joined").isSameAs(order);
    assertThat(order.onBar(d("99"), d("101"), 61_000, 120_999, FEES).fills()).as("touched only").isEmpty();
    RestingOrder filled = order.onBar(d("98.9"), d("101"), 61_000, 120_999, FEES);
    assertThat(filled.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(filled.fills()).singleElement().satisfies(f -> {
      assertThat(f.price()).isEqualByComparingTo("99");
      assertThat(f.at()).isEqualTo(120_999);
    });
    RestingOrder sell = rest(Side.SELL, OrderRequest.Type.LIMIT, "2", "102");
    assertThat(sell.onBar(d("100"), d("102.1"), 61_000, 120_999, FEES).filled()).isEqualByComparingTo("2");
  }

  @Test
  void amendsKeepOrLoseThePlaceAsTheVenuesDo() {
    RestingOrder order = rest(Side.BUY, OrderRequest.Type.LIMIT, "4", "99").onTrade(print(1, 1_100, "99", "8", true), FEES);
    // 7 ahead, 1 ours: filled 1, ahead 0.
    assertThat(order.filled()).isEqualByComparingTo("1");
    Optional<BookSnapshot> now = Optional.of(book(2));

    RestingOrder.Amended smaller = order.amend("r1", Optional.of(d("3")), Optional.empty(), now, FEES, 2_000);
    assertThat(smaller.result().outcome()).isEqualTo(AmendResult.Outcome.AMENDED);
    assertThat(smaller.order().ahead()).as("a smaller size keeps its place").isEqualByComparingTo("0");
    assertThat(smaller.order().remaining()).isEqualByComparingTo("2");

    RestingOrder.Amended larger = order.amend("r2", Optional.of(d("6")), Optional.empty(), now, FEES, 2_000);
    assertThat(larger.order().ahead()).as("a larger one rejoins behind the 7 at 99").isEqualByComparingTo("7");

    RestingOrder.Amended moved = order.amend("r3", Optional.empty(), Optional.of(d("100")), now, FEES, 2_000);
    assertThat(moved.order().ahead()).as("a new price: behind the 5 at 100").isEqualByComparingTo("5");
    assertThat(moved.order().queuedAt()).isEqualTo(2_000);
    assertThat(moved.order().restedAt()).as("it rested first at 1000").isEqualTo(1_000);
    // The same amend sent again: answered as before, its place not lost twice.
    RestingOrder up = moved.order().onTrade(print(2, 2_100, "100", "5", true), FEES);
    assertThat(up.ahead()).isEqualByComparingTo("0");
    RestingOrder.Amended retry = up.amend("r3", Optional.empty(), Optional.of(d("100")), now, FEES, 2_200);
    assertThat(retry.result().outcome()).isEqualTo(AmendResult.Outcome.AMENDED);
    assertThat(retry.order()).isSameAs(up);

    RestingOrder.Amended across = order.amend("r4", Optional.empty(), Optional.of(d("101")), now, FEES, 2_000);
    // A LIMIT moved across the book takes the 3 it still wants at 101 (taker), and is done.
    assertThat(across.order().status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(across.order().fills()).hasSize(2).first().isEqualTo(order.fills().get(0));

    RestingOrder.Amended ended = order.amend("r5", Optional.of(d("1")), Optional.empty(), now, FEES, 2_000);
    assertThat(ended.result().outcome()).as("at or below what filled").isEqualTo(AmendResult.Outcome.AMENDED);
    assertThat(ended.order().status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(ended.order().amend("r6", Optional.of(d("2")), Optional.empty(), now, FEES, 2_000).result().outcome())
        .isEqualTo(AmendResult.Outcome.ALREADY_FINAL);
    assertThat(order.cancel().amend("r7", Optional.of(d("2")), Optional.empty(), now, FEES, 2_000).result().outcome())
        .isEqualTo(AmendResult.Outcome.ALREADY_FINAL);
  }

  @Test
  void aPostOnlyMovedWhereItWouldTakeIsRefusedAndStands() {
    RestingOrder order = rest(Side.SELL, OrderRequest.Type.POST_ONLY, "1", "102");
    RestingOrder.Amended refused = order.amend("r1", Optional.empty(), Optional.of(d("100")), Optional.of(book(2)), FEES, 2_000);
    assertThat(refused.result().outcome()).isEqualTo(AmendResult.Outcome.REJECTED);
    assertThat(refused.result().code()).isEqualTo("51511");
    assertThat(refused.order()).isSameAs(order);
    assertThat(order.amend("r2", Optional.empty(), Optional.of(d("101.5")), Optional.empty(), FEES, 2_000).result().code())
        .as("no book: the queue at the new price is unknown").isEqualTo("no_book");
    assertThat(order.amend("r3", Optional.of(d("0.5")), Optional.empty(), Optional.empty(), FEES, 2_000).result().outcome())
        .as("a smaller size needs no book").isEqualTo(AmendResult.Outcome.AMENDED);
  }

  @Test
  void theLatencyIsTheFixedPartPlusASeededUniformJitter() {
    assertThat(Latency.none().next()).isZero();
    assertThat(Latency.none().isZero()).isTrue();
    assertThat(new Latency(25, 0, 7).next()).isEqualTo(25);
    List<Long> first = draws(new Latency(20, 10, 42));
    assertThat(first).allMatch(ms -> ms >= 20 && ms <= 30);
    assertThat(first).as("both ends drawn in 1000 tries").contains(20L, 30L);
    assertThat(draws(new Latency(20, 10, 42))).as("the same seed, the same delays").isEqualTo(first);
    assertThat(draws(new Latency(20, 10, 43))).isNotEqualTo(first);
  }

  private static List<Long> draws(Latency latency) {
    List<Long> draws = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      draws.add(latency.next());
    }
    return draws;
  }
}
