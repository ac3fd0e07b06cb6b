package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.CancelResult.Outcome;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.VenueFill;
import dev.mariposa.exchange.VenueOrder;
import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Call;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.OkxAdapters;
import static dev.mariposa.testing.OkxAdapters.clOrdId;
import static dev.mariposa.testing.OkxAdapters.failure;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OkxExchange as a VenueAccount against FakeOkx (real HTTP, real signatures) and a real
 * redis-server for the shared limits: open orders and fills over several pages, fees in the quote
 * asset, balances, each outcome of a cancel, and authentication.
 */
@ExtendWith(VertxExtension.class)
class OkxVenueAccountTest {
  private static final String KEY = "fake-okx-key-a41b07";
  private static final String SECRET = "fake-okx-secret-UmVjb25j";
  private static final String PASS = "fake-okx-pass-Wq83";
  private static final BigDecimal PRICE = new BigDecimal("30000");
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();
  private static final AtomicInteger IDS = new AtomicInteger();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis, new FakeOkx.Credentials(KEY, SECRET, PASS))
      .fillPrice(PRICE);

  @Test
  void readsEveryOpenOrderOverSeveralPages() {
    OkxExchange okx = adapters.exchange();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 199; i++) {
      String id = "hand" + i;
      adapters.fake().holdOpenOrder(i % 2 == 0 ? "BTC-USDT" : "ETH-BTC", id, i % 3 == 0 ? "sell" : "buy",
          new BigDecimal("0.001"), new BigDecimal(i % 2 == 0 ? "25000.5" : "0.05"));
      expected.add(id);
    }
    String limit = clOrdId("v");
    assertThat(okx.place(new OrderRequest(limit, "ETHUSDT", Side.SELL, OrderRequest.Type.LIMIT, new BigDecimal("0.5"),
        Optional.of(new BigDecimal("2500.1")))).await().outcome()).isEqualTo(PlaceResult.Outcome.ACCEPTED);
    expected.add(limit);
    assertThat(okx.place(market(clOrdId("v"))).await().outcome()).as("filled at once, not open")
        .isEqualTo(PlaceResult.Outcome.ACCEPTED);

    List<VenueOrder> open = okx.openOrders().await();
    assertThat(open).extracting(VenueOrder::clOrdId).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(adapters.fake().requestsTo(FakeOkx.ORDERS_PENDING_PATH)).as("two full pages, then an empty one")
        .isEqualTo(3);

    FakeOkx.Order seeded = adapters.fake().order("hand3").orElseThrow();
    VenueOrder hand3 = open.stream().filter(o -> o.clOrdId().equals("hand3")).findFirst().orElseThrow();
    assertThat(hand3.symbol()).isEqualTo("ETHBTC");
    assertThat(hand3.side()).isEqualTo(Side.SELL);
    assertThat(hand3.type()).isEqualTo(OrderRequest.Type.LIMIT);
    assertThat(hand3.quantity()).isEqualByComparingTo("0.001");
    assertThat(hand3.limitPrice()).hasValueSatisfying(px -> assertThat(px).isEqualByComparingTo("0.05"));
    assertThat(hand3.createdAt()).isEqualTo(seeded.cTime());
    assertThat(hand3.state().exchangeOrderId()).isEqualTo(seeded.ordId());
    assertThat(hand3.state().status()).isEqualTo(OrderState.Status.LIVE);
    VenueOrder mine = open.stream().filter(o -> o.clOrdId().equals(limit)).findFirst().orElseThrow();
    assertThat(mine.symbol()).isEqualTo("ETHUSDT");
    assertThat(mine.limitPrice()).hasValueSatisfying(px -> assertThat(px).isEqualByComparingTo("2500.1"));

    assertThat(okx.cancel("ETHBTC", "hand3").await().outcome()).isEqualTo(Outcome.CANCELED);
    assertThat(okx.openOrders().await()).extracting(VenueOrder::clOrdId).hasSize(199).doesNotContain("hand3");
  }

  @Test
  void readsFillsSinceATimeOldestFirstWithFeesInTheQuoteAsset() {
    OkxExchange okx = adapters.exchange();
    long now = System.currentTimeMillis();
    adapters.fake().holdFilledOrder("BTC-USDT", "old", "buy", new BigDecimal("0.02"), PRICE, now - 5 * DAY);
    FakeOkx.Order buy = adapters.fake().holdFilledOrder("BTC-USDT", "handBuy", "buy", new BigDecimal("0.02"), PRICE,
        now - 2 * HOUR);
    adapters.fake().holdFilledOrder("ETH-USDT", "handSell", "sell", new BigDecimal("0.5"), new BigDecimal("2000"),
        now - HOUR);
    String market = clOrdId("v");
    okx.place(OrderRequest.market(market, "BTCUSDT", Side.BUY, new BigDecimal("0.01"))).await();

    List<VenueFill> recent = okx.fillsSince(now - 3 * HOUR).await();
    assertThat(recent).extracting(VenueFill::clOrdId)
        .containsExactly("handBuy", "handBuy", "handSell", "handSell", market);
    assertThat(recent).extracting(VenueFill::at).isSorted();
    assertThat(adapters.fake().requestsTo(FakeOkx.FILLS_PATH)).isEqualTo(1);
    assertThat(adapters.fake().requestsTo(FakeOkx.FILLS_HISTORY_PATH)).isZero();

    VenueFill first = recent.get(0);
    FakeOkx.FillRow booked = adapters.fake().fills().stream().filter(f -> f.clOrdId().equals("handBuy")).findFirst()
        .orElseThrow();
    assertThat(first.symbol()).isEqualTo("BTCUSDT");
    assertThat(first.tradeId()).isEqualTo(booked.tradeId());
    assertThat(first.exchangeOrderId()).isEqualTo(buy.ordId());
    assertThat(first.side()).isEqualTo(Side.BUY);
    assertThat(first.quantity()).as("0.01 filled less its fee of 0.00001 BTC").isEqualByComparingTo("0.00999");
    assertThat(first.price()).isEqualByComparingTo("30000");
    assertThat(booked.feeCcy()).as("OKX charges a spot buy in the base asset").isEqualTo("BTC");
    assertThat(first.fee()).as("0.00001 BTC at 30000").isEqualByComparingTo("0.3");
    assertThat(first.at()).isEqualTo(now - 2 * HOUR);
    VenueFill sell = recent.get(2);
    assertThat(sell.symbol()).isEqualTo("ETHUSDT");
    assertThat(sell.side()).isEqualTo(Side.SELL);
    assertThat(sell.fee()).as("0.001 x 0.25 x 2000 USDT").isEqualByComparingTo("0.5");
    assertThat(recent.get(4).fee()).as("the market buy, charged in USDT").isEqualByComparingTo("0.3");

    assertThat(okx.fillsSince(now - 2 * HOUR).await()).as("a fill at exactly since is in").hasSize(5);
    assertThat(okx.fillsSince(now - 2 * HOUR + 2).await()).as("both halves of handBuy are before").hasSize(3);

    List<VenueFill> week = okx.fillsSince(now - 6 * DAY).await();
    assertThat(week).extracting(VenueFill::clOrdId).startsWith("old", "old").hasSize(7);
    assertThat(adapters.fake().requestsTo(FakeOkx.FILLS_HISTORY_PATH)).as("older than 3 days: fills-history")
        .isEqualTo(1);

    Throwable tooOld = failure(okx.fillsSince(now - 100 * DAY));
    adapters.said(tooOld.getMessage());
    assertThat(tooOld).hasMessageContaining("3 months");
    assertThat(adapters.fake().requestsTo(FakeOkx.FILLS_HISTORY_PATH)).as("nothing asked").isEqualTo(1);
  }

  @Test
  void readsFillsOverSeveralPages() {
    OkxExchange okx = adapters.exchange();
    long since = System.currentTimeMillis() - HOUR;
    for (int i = 0; i < 60; i++) {
      adapters.fake().holdFilledOrder("BTC-USDT", "f" + i, i % 2 == 0 ? "buy" : "sell", new BigDecimal("0.002"), PRICE,
          since + 10L * (60 - i));
    }
    List<VenueFill> fills = okx.fillsSince(since).await();
    assertThat(fills).hasSize(120);
    assertThat(fills).extracting(VenueFill::at).isSorted();
    assertThat(fills).extracting(VenueFill::tradeId).doesNotHaveDuplicates();
    assertThat(fills.get(0).clOrdId()).as("the last seeded is the oldest").isEqualTo("f59");
    assertThat(adapters.fake().requestsTo(FakeOkx.FILLS_PATH)).isEqualTo(2);
  }

  @Test
  void balancesAreCashIncludingWhatOpenOrdersHold() {
    OkxExchange okx = adapters.exchange();
    adapters.fake().balance("USDT", new BigDecimal("1000")).balance("BTC", new BigDecimal("0.5"))
        .balance("DOGE", BigDecimal.ZERO);
    okx.place(OrderRequest.market(clOrdId("v"), "BTCUSDT", Side.BUY, new BigDecimal("0.01"))).await();
    adapters.fake().holdOpenOrder("BTC-USDT", "handSell", "sell", new BigDecimal("0.2"), new BigDecimal("40000"));

    Map<String, BigDecimal> balances = okx.balances().await();
    assertThat(balances).as("an asset at zero is left out, as OKX does").containsOnlyKeys("BTC", "USDT");
    assertThat(balances.get("BTC")).as("0.2 held by the open sell is still cash").isEqualByComparingTo("0.51");
    assertThat(balances.get("USDT")).as("1000 - 300 - 0.3 fee").isEqualByComparingTo("699.7");
  }

  @Test
  void cancelsAndTellsWhatWasFinalOrUnknownToOkx() {
    OkxExchange okx = adapters.exchange();
    adapters.fake().holdOpenOrder("BTC-USDT", "handBuy", "buy", new BigDecimal("0.01"), new BigDecimal("20000"));
    CancelResult canceled = okx.cancel("BTCUSDT", "handBuy").await();
    adapters.said(canceled.message());
    assertThat(canceled.outcome()).isEqualTo(Outcome.CANCELED);
    assertThat(adapters.fake().order("handBuy").orElseThrow().state()).isEqualTo("canceled");

    // OKX spot answers 51400 for canceled, filled and unknown alike; the lookup tells them apart.
    CancelResult again = okx.cancel("BTCUSDT", "handBuy").await();
    adapters.said(again.message());
    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_FINAL);
    assertThat(again.code()).isEqualTo("51400");
    String filled = clOrdId("v");
    okx.place(market(filled)).await();
    CancelResult ofFilled = okx.cancel("BTCUSDT", filled).await();
    assertThat(ofFilled.outcome()).isEqualTo(Outcome.ALREADY_FINAL);
    assertThat(ofFilled.message()).contains("FILLED");
    CancelResult unknown = okx.cancel("BTCUSDT", clOrdId("v")).await();
    adapters.said(unknown.message());
    assertThat(unknown.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(okx.cancel("ETHUSDT", filled).await().outcome()).as("another instrument's order")
        .isEqualTo(Outcome.NOT_FOUND);
    assertThat(adapters.fake().lookupsReceived()).isEqualTo(4);

    // OKX's codes per state, where it gives them: no lookup needed.
    adapters.fake().cancelCodesPerState(true);
    assertThat(okx.cancel("BTCUSDT", "handBuy").await())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ALREADY_FINAL))
        .satisfies(r -> assertThat(r.code()).isEqualTo("51401"));
    assertThat(okx.cancel("BTCUSDT", filled).await())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ALREADY_FINAL))
        .satisfies(r -> assertThat(r.code()).isEqualTo("51402"));
    assertThat(adapters.fake().lookupsReceived()).isEqualTo(4);
    assertThat(okx.cancel("BTCUSDT", clOrdId("v")).await().outcome()).isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void aCancelWithoutAClearAnswerIsUnknownAndOneOkxRefusedFails() {
    OkxExchange okx = adapters.exchange(
        new OkxExchange.Options(Duration.ofMillis(400), 50, Duration.ofSeconds(30), Duration.ofSeconds(10)));
    adapters.fake().lateAnswerMs(1_500);
    for (Fault fault : List.of(Fault.HTTP_500, Fault.UNKNOWN_AFTER_ACCEPT, Fault.TIMEOUT_AFTER_ACCEPT, Fault.MALFORMED)) {
      String id = hold();
      adapters.fake().planFaults(Call.CANCEL, fault);
      CancelResult r = okx.cancel("BTCUSDT", id).await();
      adapters.said(r.message());
      assertThat(r.outcome()).as(fault.name()).isEqualTo(Outcome.UNKNOWN);
      assertThat(adapters.fake().order(id).orElseThrow().state()).as(fault.name() + ": processed")
          .isEqualTo("canceled");
    }
    String unavailable = hold();
    adapters.fake().planFaults(Call.CANCEL, Fault.UNAVAILABLE);
    assertThat(okx.cancel("BTCUSDT", unavailable).await())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN))
        .satisfies(r -> assertThat(r.code()).isEqualTo("50001"));

    for (Fault fault : List.of(Fault.RATE_LIMITED, Fault.BUSY)) {
      String id = hold();
      adapters.fake().planFaults(Call.CANCEL, fault);
      Throwable t = failure(okx.cancel("BTCUSDT", id));
      adapters.said(t.getMessage());
      assertThat(t).as(fault.name()).isInstanceOf(OkxException.class).hasMessageContaining("send it again later");
      assertThat(adapters.fake().order(id).orElseThrow().state()).as(fault.name() + ": nothing done").isEqualTo("live");
      assertThat(okx.cancel("BTCUSDT", id).await().outcome()).as("sent again").isEqualTo(Outcome.CANCELED);
    }
  }

  @Test
  void onlyAnOutageOfOkxCountsAgainstTheBreaker() {
    OkxExchange okx = adapters.exchange(
        new OkxExchange.Options(Duration.ofSeconds(5), 3, Duration.ofSeconds(30), Duration.ofSeconds(10)));
    adapters.fake().planFaults(Call.OPEN_ORDERS, Fault.MALFORMED, Fault.MALFORMED, Fault.RATE_LIMITED);
    for (int i = 0; i < 3; i++) {
      adapters.said(failure(okx.openOrders()).getMessage());
    }
    assertThat(okx.breakerState().name()).as("unreadable or rate limited: no outage").isEqualTo("CLOSED");
    adapters.fake().planFaults(Call.BALANCE, Fault.HTTP_500, Fault.UNAVAILABLE, Fault.HTTP_500);
    for (int i = 0; i < 3; i++) {
      adapters.said(failure(okx.balances()).getMessage());
    }
    assertThat(okx.breakerState().name()).isEqualTo("OPEN");
    String id = hold();
    int before = adapters.fake().requestsReceived();
    assertThat(failure(okx.cancel("BTCUSDT", id))).hasMessageContaining("circuit open");
    assertThat(adapters.fake().requestsReceived()).as("nothing sent").isEqualTo(before);
  }

  @Test
  void theVenueComingBackAfterAnOutageIsTold() {
    OkxExchange okx = adapters.exchange(
        new OkxExchange.Options(Duration.ofSeconds(5), 1, Duration.ofMillis(200), Duration.ofSeconds(10)));
    java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
    okx.onReconnected(told::incrementAndGet);
    adapters.fake().planFaults(Call.BALANCE, Fault.UNAVAILABLE);
    adapters.said(failure(okx.balances()).getMessage());
    assertThat(okx.breakerState().name()).isEqualTo("OPEN");
    assertThat(told.get()).isZero();

    // Once the reset has passed, the next call is let through (half open) and its answer closes it.
    Eventually.within(Duration.ofSeconds(5), "the breaker half open", () -> okx.breakerState().name().equals("HALF_OPEN"));
    okx.balances().await();

    assertThat(okx.breakerState().name()).isEqualTo("CLOSED");
    assertThat(told.get()).isEqualTo(1);
  }

  @Test
  void everyAccountCallIsAuthenticated() {
    String id = hold();
    OkxExchange wrongSecret = adapters.exchange(adapters.config("not-" + SECRET));
    List<Future<?>> calls = List.of(wrongSecret.openOrders(), wrongSecret.fillsSince(System.currentTimeMillis() - HOUR),
        wrongSecret.balances(), wrongSecret.cancel("BTCUSDT", id));
    for (Future<?> call : calls) {
      Throwable t = failure(call);
      adapters.said(t.getMessage());
      assertThat(t).isInstanceOf(OkxException.class).hasMessageContaining("50113").hasMessageContaining("configuration");
    }
    assertThat(adapters.fake().authFailures()).isEqualTo(4);
    assertThat(wrongSecret.breakerState().name()).as("a bad key is no outage").isEqualTo("CLOSED");
    assertThat(adapters.fake().order(id).orElseThrow().state()).isEqualTo("live");

    OkxExchange noKeys = adapters.exchange(adapters.configWithoutKeys());
    int before = adapters.fake().requestsReceived();
    for (Future<?> call : List.of(noKeys.openOrders(), noKeys.fillsSince(0), noKeys.balances(),
        noKeys.cancel("BTCUSDT", id))) {
      assertThat(failure(call)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(adapters.fake().requestsReceived()).isEqualTo(before);
  }

  @Test
  void theBaseAssetIsSplitAsTheInstrumentId() {
    OkxExchange okx = adapters.exchange();
    assertThat(okx.baseAsset("BTCUSDT")).isEqualTo("BTC");
    assertThat(okx.baseAsset("ETHBTC")).isEqualTo("ETH");
    assertThat(okx.baseAsset("USDCUSDT")).isEqualTo("USDC");
    assertThat(okx.baseAsset("1INCHUSDT")).isEqualTo("1INCH");
    assertThat(okx.baseAsset("SOL-USDC")).isEqualTo("SOL");
    assertThatThrownBy(() -> okx.baseAsset("BTCXYZ")).isInstanceOf(IllegalArgumentException.class);
  }

  /** The fake's rows carry every field of the recorded OKX answers, strings where OKX sends strings. */
  @Test
  void theFakeAnswersWithTheRecordedFields() throws Exception {
    JsonObject pending = OkxAccountRepliesTest.sample("private_trade_samples.json", "GET /api/v5/trade/orders-pending");
    JsonObject fills = OkxAccountRepliesTest.sample("private_trade_samples.json", "GET /api/v5/trade/fills ");
    JsonObject cancel = OkxAccountRepliesTest.sample("private_trade_samples.json", "POST /api/v5/trade/cancel-order ");
    JsonObject amend = OkxAccountRepliesTest.sample("private_trade_samples.json", "POST /api/v5/trade/amend-order ");
    JsonObject balance = OkxAccountRepliesTest.sample("private_account_samples.json", "GET /api/v5/account/balance ");
    adapters.fake().holdOpenOrder("BTC-USDT", "shape1", "buy", new BigDecimal("0.01"), new BigDecimal("20000"));
    adapters.fake().holdFilledOrder("BTC-USDT", "shape2", "buy", new BigDecimal("0.01"), PRICE);
    adapters.fake().holdOpenOrder("BTC-USDT", "shape3", "buy", new BigDecimal("0.01"), new BigDecimal("20000"));
    adapters.fake().balance("USDT", new BigDecimal("94.5"));
    OkxRestClient rest = new OkxRestClient(adapters.vertx(), adapters.config(SECRET), adapters.limiter(),
        OkxExchange.Options.defaults());
    try {
      sameFields("orders-pending", first(pending), first(raw(rest, HttpMethod.GET, FakeOkx.ORDERS_PENDING_PATH, null)));
      sameFields("fills", first(fills), first(raw(rest, HttpMethod.GET, FakeOkx.FILLS_PATH, null)));
      JsonObject account = raw(rest, HttpMethod.GET, FakeOkx.BALANCE_PATH, null);
      sameFields("balance", first(balance), first(account));
      sameFields("balance details", first(balance).getJsonArray("details").getJsonObject(0),
          first(account).getJsonArray("details").getJsonObject(0));
      JsonObject canceled = raw(rest, HttpMethod.POST, FakeOkx.CANCEL_PATH,
          new JsonObject().put("instId", "BTC-USDT").put("clOrdId", "shape1").encode());
      sameFields("cancel-order", cancel, canceled);
      sameFields("cancel-order data", first(cancel), first(canceled));
      JsonObject amended = raw(rest, HttpMethod.POST, FakeOkx.AMEND_PATH,
          new JsonObject().put("instId", "BTC-USDT").put("clOrdId", "shape3").put("newPx", "20000.1").encode());
      sameFields("amend-order", amend, amended);
      sameFields("amend-order data", first(amend), first(amended));
    } finally {
      rest.close().await();
    }
  }

  // ---- helpers

  private static void sameFields(String what, JsonObject recorded, JsonObject fake) {
    assertThat(fake.fieldNames()).as(what + " fields").containsAll(recorded.fieldNames());
    for (String field : recorded.fieldNames()) {
      Object value = recorded.getValue(field);
      if (value != null) {
        assertThat(fake.getValue(field)).as(what + " " + field).isInstanceOf(value.getClass());
      }
    }
  }

  private static JsonObject first(JsonObject body) {
    JsonArray data = body.getJsonArray("data");
    assertThat(data).as("data of " + body.encode()).isNotEmpty();
    return data.getJsonObject(0);
  }

  private static JsonObject raw(OkxRestClient rest, HttpMethod method, String path, String body) {
    return rest.call(method, path, body, true, new Reader<>(reply -> new Attempt<>(reply.body().toJsonObject(), false),
        t -> Attempt.failed(new IllegalStateException(t), false))).await();
  }

  /** A live BTC-USDT buy held at the fake; its clOrdId. */
  private String hold() {
    String id = "hold" + IDS.incrementAndGet();
    adapters.fake().holdOpenOrder("BTC-USDT", id, "buy", new BigDecimal("0.01"), new BigDecimal("20000"));
    return id;
  }

  private static OrderRequest market(String clOrdId) {
    return OrderRequest.market(clOrdId, "BTCUSDT", Side.BUY, new BigDecimal("0.001"));
  }


}
