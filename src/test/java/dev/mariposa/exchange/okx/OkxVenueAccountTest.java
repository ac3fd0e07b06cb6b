package dev.mariposa.exchange.okx;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
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
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Call;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
  private static Vertx vertx;
  private static RateLimiter limiter;
  private static final AtomicInteger IDS = new AtomicInteger();

  private FakeOkx fake;
  private RedisKeys keys;
  private final List<OkxExchange> exchanges = new ArrayList<>();
  private final List<String> messages = new ArrayList<>();

  @BeforeAll
  static void startLimiter(Vertx v) {
    vertx = v;
    limiter = new RateLimiter(redis.connections(), new LuaScripts());
  }

  @BeforeEach
  void startFake() {
    fake = FakeOkx.start(vertx, KEY, SECRET, PASS, true).fillPrice(PRICE);
    keys = new RedisKeys("test" + UUID.randomUUID().toString().substring(0, 8) + ":");
  }

  @AfterEach
  void stop() {
    exchanges.forEach(e -> e.close().await());
    fake.close();
    for (String m : messages) {
      assertThat(m).as("no credential in a message").doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(PASS);
    }
  }

  @Test
  void readsEveryOpenOrderOverSeveralPages() {
    OkxExchange okx = exchange();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 199; i++) {
      String id = "hand" + i;
      fake.holdOpenOrder(i % 2 == 0 ? "BTC-USDT" : "ETH-BTC", id, i % 3 == 0 ? "sell" : "buy",
          new BigDecimal("0.001"), new BigDecimal(i % 2 == 0 ? "25000.5" : "0.05"));
      expected.add(id);
    }
    String limit = clOrdId();
    assertThat(okx.place(new OrderRequest(limit, "ETHUSDT", Side.SELL, OrderRequest.Type.LIMIT, new BigDecimal("0.5"),
        Optional.of(new BigDecimal("2500.1")))).await().outcome()).isEqualTo(PlaceResult.Outcome.ACCEPTED);
    expected.add(limit);
    assertThat(okx.place(market(clOrdId())).await().outcome()).as("filled at once, not open")
        .isEqualTo(PlaceResult.Outcome.ACCEPTED);

    List<VenueOrder> open = okx.openOrders().await();
    assertThat(open).extracting(VenueOrder::clOrdId).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(fake.requestsTo(FakeOkx.ORDERS_PENDING_PATH)).as("two full pages, then an empty one").isEqualTo(3);

    FakeOkx.Order seeded = fake.order("hand3").orElseThrow();
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
    OkxExchange okx = exchange();
    long now = System.currentTimeMillis();
    fake.holdFilledOrder("BTC-USDT", "old", "buy", new BigDecimal("0.02"), PRICE, now - 5 * DAY);
    FakeOkx.Order buy = fake.holdFilledOrder("BTC-USDT", "handBuy", "buy", new BigDecimal("0.02"), PRICE, now - 2 * HOUR);
    fake.holdFilledOrder("ETH-USDT", "handSell", "sell", new BigDecimal("0.5"), new BigDecimal("2000"), now - HOUR);
    String market = clOrdId();
    okx.place(OrderRequest.market(market, "BTCUSDT", Side.BUY, new BigDecimal("0.01"))).await();

    List<VenueFill> recent = okx.fillsSince(now - 3 * HOUR).await();
    assertThat(recent).extracting(VenueFill::clOrdId)
        .containsExactly("handBuy", "handBuy", "handSell", "handSell", market);
    assertThat(recent).extracting(VenueFill::at).isSorted();
    assertThat(fake.requestsTo(FakeOkx.FILLS_PATH)).isEqualTo(1);
    assertThat(fake.requestsTo(FakeOkx.FILLS_HISTORY_PATH)).isZero();

    VenueFill first = recent.get(0);
    FakeOkx.FillRow booked = fake.fills().stream().filter(f -> f.clOrdId().equals("handBuy")).findFirst().orElseThrow();
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
    assertThat(fake.requestsTo(FakeOkx.FILLS_HISTORY_PATH)).as("older than 3 days: fills-history").isEqualTo(1);

    Throwable tooOld = failure(okx.fillsSince(now - 100 * DAY));
    messages.add(tooOld.getMessage());
    assertThat(tooOld).hasMessageContaining("3 months");
    assertThat(fake.requestsTo(FakeOkx.FILLS_HISTORY_PATH)).as("nothing asked").isEqualTo(1);
  }

  @Test
  void readsFillsOverSeveralPages() {
    OkxExchange okx = exchange();
    long since = System.currentTimeMillis() - HOUR;
    for (int i = 0; i < 60; i++) {
      fake.holdFilledOrder("BTC-USDT", "f" + i, i % 2 == 0 ? "buy" : "sell", new BigDecimal("0.002"), PRICE,
          since + 10L * (60 - i));
    }
    List<VenueFill> fills = okx.fillsSince(since).await();
    assertThat(fills).hasSize(120);
    assertThat(fills).extracting(VenueFill::at).isSorted();
    assertThat(fills).extracting(VenueFill::tradeId).doesNotHaveDuplicates();
    assertThat(fills.get(0).clOrdId()).as("the last seeded is the oldest").isEqualTo("f59");
    assertThat(fake.requestsTo(FakeOkx.FILLS_PATH)).isEqualTo(2);
  }

  @Test
  void balancesAreCashIncludingWhatOpenOrdersHold() {
    OkxExchange okx = exchange();
    fake.balance("USDT", new BigDecimal("1000")).balance("BTC", new BigDecimal("0.5")).balance("DOGE", BigDecimal.ZERO);
    okx.place(OrderRequest.market(clOrdId(), "BTCUSDT", Side.BUY, new BigDecimal("0.01"))).await();
    fake.holdOpenOrder("BTC-USDT", "handSell", "sell", new BigDecimal("0.2"), new BigDecimal("40000"));

    Map<String, BigDecimal> balances = okx.balances().await();
    assertThat(balances).as("an asset at zero is left out, as OKX does").containsOnlyKeys("BTC", "USDT");
    assertThat(balances.get("BTC")).as("0.2 held by the open sell is still cash").isEqualByComparingTo("0.51");
    assertThat(balances.get("USDT")).as("1000 - 300 - 0.3 fee").isEqualByComparingTo("699.7");
  }

  @Test
  void cancelsAndTellsWhatWasFinalOrUnknownToOkx() {
    OkxExchange okx = exchange();
    fake.holdOpenOrder("BTC-USDT", "handBuy", "buy", new BigDecimal("0.01"), new BigDecimal("20000"));
    CancelResult canceled = okx.cancel("BTCUSDT", "handBuy").await();
    messages.add(canceled.message());
    assertThat(canceled.outcome()).isEqualTo(Outcome.CANCELED);
    assertThat(fake.order("handBuy").orElseThrow().state()).isEqualTo("canceled");

    // OKX spot answers 51400 for canceled, filled and unknown alike; the lookup tells them apart.
    CancelResult again = okx.cancel("BTCUSDT", "handBuy").await();
    messages.add(again.message());
    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_FINAL);
    assertThat(again.code()).isEqualTo("51400");
    String filled = clOrdId();
    okx.place(market(filled)).await();
    CancelResult ofFilled = okx.cancel("BTCUSDT", filled).await();
    assertThat(ofFilled.outcome()).isEqualTo(Outcome.ALREADY_FINAL);
    assertThat(ofFilled.message()).contains("FILLED");
    CancelResult unknown = okx.cancel("BTCUSDT", clOrdId()).await();
    messages.add(unknown.message());
    assertThat(unknown.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(okx.cancel("ETHUSDT", filled).await().outcome()).as("another instrument's order")
        .isEqualTo(Outcome.NOT_FOUND);
    assertThat(fake.lookupsReceived()).isEqualTo(4);

    // OKX's codes per state, where it gives them: no lookup needed.
    fake.cancelCodesPerState(true);
    assertThat(okx.cancel("BTCUSDT", "handBuy").await())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ALREADY_FINAL))
        .satisfies(r -> assertThat(r.code()).isEqualTo("51401"));
    assertThat(okx.cancel("BTCUSDT", filled).await())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ALREADY_FINAL))
        .satisfies(r -> assertThat(r.code()).isEqualTo("51402"));
    assertThat(fake.lookupsReceived()).isEqualTo(4);
    assertThat(okx.cancel("BTCUSDT", clOrdId()).await().outcome()).isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void aCancelWithoutAClearAnswerIsUnknownAndOneOkxRefusedFails() {
    OkxExchange okx = track(new OkxExchange(vertx, config(SECRET), limiter, keys,
        new OkxExchange.Options(Duration.ofMillis(400), 50, Duration.ofSeconds(30), Duration.ofSeconds(10))));
    fake.lateAnswerMs(1_500);
    for (Fault fault : List.of(Fault.HTTP_500, Fault.UNKNOWN_AFTER_ACCEPT, Fault.TIMEOUT_AFTER_ACCEPT, Fault.MALFORMED)) {
      String id = hold();
      fake.planFaults(Call.CANCEL, fault);
      CancelResult r = okx.cancel("BTCUSDT", id).await();
      messages.add(r.message());
      assertThat(r.outcome()).as(fault.name()).isEqualTo(Outcome.UNKNOWN);
      assertThat(fake.order(id).orElseThrow().state()).as(fault.name() + ": processed").isEqualTo("canceled");
    }
    String unavailable = hold();
    fake.planFaults(Call.CANCEL, Fault.UNAVAILABLE);
    assertThat(okx.cancel("BTCUSDT", unavailable).await())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN))
        .satisfies(r -> assertThat(r.code()).isEqualTo("50001"));

    for (Fault fault : List.of(Fault.RATE_LIMITED, Fault.BUSY)) {
      String id = hold();
      fake.planFaults(Call.CANCEL, fault);
      Throwable t = failure(okx.cancel("BTCUSDT", id));
      messages.add(t.getMessage());
      assertThat(t).as(fault.name()).isInstanceOf(OkxException.class).hasMessageContaining("send it again later");
      assertThat(fake.order(id).orElseThrow().state()).as(fault.name() + ": nothing done").isEqualTo("live");
      assertThat(okx.cancel("BTCUSDT", id).await().outcome()).as("sent again").isEqualTo(Outcome.CANCELED);
    }
  }

  @Test
  void onlyAnOutageOfOkxCountsAgainstTheBreaker() {
    OkxExchange okx = track(new OkxExchange(vertx, config(SECRET), limiter, keys,
        new OkxExchange.Options(Duration.ofSeconds(5), 3, Duration.ofSeconds(30), Duration.ofSeconds(10))));
    fake.planFaults(Call.OPEN_ORDERS, Fault.MALFORMED, Fault.MALFORMED, Fault.RATE_LIMITED);
    for (int i = 0; i < 3; i++) {
      messages.add(failure(okx.openOrders()).getMessage());
    }
    assertThat(okx.breakerState().name()).as("unreadable or rate limited: no outage").isEqualTo("CLOSED");
    fake.planFaults(Call.BALANCE, Fault.HTTP_500, Fault.UNAVAILABLE, Fault.HTTP_500);
    for (int i = 0; i < 3; i++) {
      messages.add(failure(okx.balances()).getMessage());
    }
    assertThat(okx.breakerState().name()).isEqualTo("OPEN");
    String id = hold();
    int before = fake.requestsReceived();
    assertThat(failure(okx.cancel("BTCUSDT", id))).hasMessageContaining("circuit open");
    assertThat(fake.requestsReceived()).as("nothing sent").isEqualTo(before);
  }

  @Test
  void theVenueComingBackAfterAnOutageIsTold() {
    OkxExchange okx = track(new OkxExchange(vertx, config(SECRET), limiter, keys,
        new OkxExchange.Options(Duration.ofSeconds(5), 1, Duration.ofMillis(200), Duration.ofSeconds(10))));
    java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
    okx.onReconnected(told::incrementAndGet);
    fake.planFaults(Call.BALANCE, Fault.UNAVAILABLE);
    messages.add(failure(okx.balances()).getMessage());
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
    OkxExchange wrongSecret = track(new OkxExchange(vertx, config("not-" + SECRET), limiter, keys));
    List<Future<?>> calls = List.of(wrongSecret.openOrders(), wrongSecret.fillsSince(System.currentTimeMillis() - HOUR),
        wrongSecret.balances(), wrongSecret.cancel("BTCUSDT", id));
    for (Future<?> call : calls) {
      Throwable t = failure(call);
      messages.add(t.getMessage());
      assertThat(t).isInstanceOf(OkxException.class).hasMessageContaining("50113").hasMessageContaining("configuration");
    }
    assertThat(fake.authFailures()).isEqualTo(4);
    assertThat(wrongSecret.breakerState().name()).as("a bad key is no outage").isEqualTo("CLOSED");
    assertThat(fake.order(id).orElseThrow().state()).isEqualTo("live");

    OkxExchange noKeys = track(new OkxExchange(vertx, new MariposaConfig.Okx(URI.create(fake.baseUrl()),
        Optional.empty(), Optional.empty(), Optional.empty(), true), limiter, keys));
    int before = fake.requestsReceived();
    for (Future<?> call : List.of(noKeys.openOrders(), noKeys.fillsSince(0), noKeys.balances(),
        noKeys.cancel("BTCUSDT", id))) {
      assertThat(failure(call)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(fake.requestsReceived()).isEqualTo(before);
  }

  @Test
  void theBaseAssetIsSplitAsTheInstrumentId() {
    OkxExchange okx = exchange();
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
    fake.holdOpenOrder("BTC-USDT", "shape1", "buy", new BigDecimal("0.01"), new BigDecimal("20000"));
    fake.holdFilledOrder("BTC-USDT", "shape2", "buy", new BigDecimal("0.01"), PRICE);
    fake.holdOpenOrder("BTC-USDT", "shape3", "buy", new BigDecimal("0.01"), new BigDecimal("20000"));
    fake.balance("USDT", new BigDecimal("94.5"));
    OkxRestClient rest = new OkxRestClient(vertx, config(SECRET), limiter, OkxExchange.Options.defaults());
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
    fake.holdOpenOrder("BTC-USDT", id, "buy", new BigDecimal("0.01"), new BigDecimal("20000"));
    return id;
  }

  private OkxExchange exchange() {
    return track(new OkxExchange(vertx, config(SECRET), limiter, keys));
  }

  private OkxExchange track(OkxExchange exchange) {
    exchanges.add(exchange);
    return exchange;
  }

  private MariposaConfig.Okx config(String secret) {
    return new MariposaConfig.Okx(URI.create(fake.baseUrl()), Optional.of(Secret.of(KEY)), Optional.of(Secret.of(secret)),
        Optional.of(Secret.of(PASS)), true);
  }

  private static OrderRequest market(String clOrdId) {
    return OrderRequest.market(clOrdId, "BTCUSDT", Side.BUY, new BigDecimal("0.001"));
  }

  private static String clOrdId() {
    return "v" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + IDS.incrementAndGet();
  }

  private static Throwable failure(Future<?> future) {
    try {
      future.await();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failed future, got " + future.result());
  }
}
