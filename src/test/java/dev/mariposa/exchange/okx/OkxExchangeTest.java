package dev.mariposa.exchange.okx;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.OkxAdapters;
import static dev.mariposa.testing.OkxAdapters.clOrdId;
import static dev.mariposa.testing.OkxAdapters.failure;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestRedis;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.PlaceResult.Outcome;
import dev.mariposa.exchange.Side;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OkxExchange against FakeOkx (real HTTP, real signatures) and a real redis-server for the order
 * limit; the limit shared by two instances is {@link OkxOrderLimitTest}.
 */
@ExtendWith(VertxExtension.class)
class OkxExchangeTest {
  private static final String KEY = "fake-okx-key-7c1d9e";
  private static final String SECRET = "fake-okx-secret-Q2xvdWRz";
  private static final String PASS = "fake-okx-pass-Zk93";
  private static final BigDecimal PRICE = new BigDecimal("30000");

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis, new FakeOkx.Credentials(KEY, SECRET, PASS))
      .fillPrice(PRICE);

  // ---- pure parts

  @Test
  void signsTheKnownAnswerOfTheDocs() {
    OkxSigner signer = new OkxSigner(Secret.of("chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO"));
    assertThat(signer.sign("2020-12-08T09:08:57.715Z", "GET", "/api/v5/account/balance", ""))
        .isEqualTo("PJ61e1nb2F2Qd7D8SPiaIcx2gjdELc+o0ygzre9z33k=");
    assertThat(signer.sign("2020-12-08T09:08:57.715ZGET/api/v5/account/balance"))
        .isEqualTo("PJ61e1nb2F2Qd7D8SPiaIcx2gjdELc+o0ygzre9z33k=");
    assertThat(signer.sign("2020-12-08T09:08:57.715Z", "get", "/api/v5/account/balance", null))
        .as("method upper-cased, null body signed as empty").isEqualTo("PJ61e1nb2F2Qd7D8SPiaIcx2gjdELc+o0ygzre9z33k=");
    assertThat(signer.toString()).doesNotContain("chNOOS4K");
  }

  @Test
  void timestampsHaveExactlyThreeMillisecondDigitsInUtc() {
    assertThat(OkxSigner.timestamp(Instant.parse("2020-12-08T09:08:57.715999Z"))).isEqualTo("2020-12-08T09:08:57.715Z");
    assertThat(OkxSigner.timestamp(Instant.parse("2020-12-08T09:08:57Z"))).isEqualTo("2020-12-08T09:08:57.000Z");
    assertThat(OkxSigner.timestamp(Instant.parse("2021-01-02T03:04:05.060Z"))).isEqualTo("2021-01-02T03:04:05.060Z");
    assertThat(OkxSigner.timestamp(Instant.now())).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  }

  @Test
  void mapsSymbolsByTheLongestQuoteSuffix() {
    assertThat(OkxSymbols.toInstId("BTCUSDT")).isEqualTo("BTC-USDT");
    assertThat(OkxSymbols.toInstId("btcusdc")).isEqualTo("BTC-USDC");
    assertThat(OkxSymbols.toInstId("ETHBTC")).isEqualTo("ETH-BTC");
    assertThat(OkxSymbols.toInstId("BTCEUR")).isEqualTo("BTC-EUR");
    assertThat(OkxSymbols.toInstId("USDCUSDT")).isEqualTo("USDC-USDT");
    assertThat(OkxSymbols.toInstId("BTCUSD")).isEqualTo("BTC-USD");
    assertThat(OkxSymbols.toInstId("1INCHUSDT")).isEqualTo("1INCH-USDT");
    assertThat(OkxSymbols.toInstId("ETH-USDT")).isEqualTo("ETH-USDT");
    assertThat(OkxSymbols.toSymbol("BTC-USDT")).isEqualTo("BTCUSDT");
    assertThat(OkxSymbols.toSymbol(OkxSymbols.toInstId("SOLETH"))).isEqualTo("SOLETH");
    for (String bad : List.of("", "USDT", "BTCXYZ", "BTC_USDT", "BTC/USDT")) {
      assertThatThrownBy(() -> OkxSymbols.toInstId(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.isEmpty() ? "empty" : bad);
    }
    for (String bad : List.of("BTC-", "-USDT", "BTC-USDT-SWAP", "BTCUSDT")) {
      assertThatThrownBy(() -> OkxSymbols.toSymbol(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }

  @Test
  void mapsTheRealOkxAnswers() throws Exception {
    JsonArray samples = new JsonObject(Files.readString(SharedData.require("okx/order_responses_real_samples.json")))
        .getJsonArray("samples");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      JsonObject sample = samples.getJsonObject(i);
      JsonObject body = sample.getJsonObject("body");
      if (body == null) {
        continue;
      }
      String where = sample.getString("endpoint") + " " + sample.getString("outcome");
      int status = where.contains("HTTP 503") ? 503 : where.contains("HTTP 401") ? 401
          : where.contains("HTTP 429") ? 429 : where.contains("HTTP 404") ? 404 : 200;
      PlaceResult r = OkxReplies.placement(status, Buffer.buffer(body.encode()));
      adapters.said(r.message());
      String outcome = sample.getString("outcome");
      if (outcome.startsWith("success")) {
        assertThat(r.outcome()).as(where).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.exchangeOrderId()).contains(body.getJsonArray("data").getJsonObject(0).getString("ordId"));
      } else if (outcome.contains("51008")) {
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.code()).isEqualTo("51008");
        assertThat(r.message()).contains("Insufficient USDT balance");
      } else if (outcome.contains("51121") || outcome.contains("51094") || outcome.contains("54000")
          || outcome.contains("51000")) {
        assertThat(r.outcome()).as(where).isEqualTo(Outcome.REJECTED);
        assertThat(r.code()).isEqualTo(body.getJsonArray("data").getJsonObject(0).getString("sCode"));
      } else if (outcome.contains("50001")) {
        assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(r.code()).isEqualTo("50001");
      } else if (outcome.contains("50111")) {
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.code()).isEqualTo("50111");
        assertThat(r.message()).contains("configuration error");
      } else if (outcome.contains("50011")) {
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_PLACED);
        assertThat(r.code()).isEqualTo("50011");
      } else if (outcome.contains("404")) {
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.code()).as("numeric code accepted").isEqualTo("404");
      } else {
        continue;
      }
      seen.add(outcome);
    }
    assertThat(seen).hasSizeGreaterThanOrEqualTo(12);

    assertThat(OkxReplies.placement(200, Buffer.buffer("{\"code\":\"51149\",\"msg\":\"Order timed out\",\"data\":[]}"))
        .outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(OkxReplies.placement(200, Buffer.buffer("{\"code\":50013,\"msg\":\"Systems are busy\",\"data\":[]}")))
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.NOT_PLACED));
    assertThat(OkxReplies.placement(200, Buffer.buffer("not json")).outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(OkxReplies.placement(502, Buffer.buffer("<html>Bad Gateway</html>")).outcome())
        .isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void convertsOkxFeesToAQuoteCost() {
    JsonObject buy = new JsonObject().put("clOrdId", "a1").put("ordId", "9").put("state", "filled")
        .put("accFillSz", "0.01").put("avgPx", "30000").put("fee", "-0.00001").put("feeCcy", "BTC");
    OrderState state = OkxReplies.orderState(buy, "BTC-USDT");
    assertThat(state.fee()).as("a base-asset fee in quote at the average price").isEqualByComparingTo("0.3");
    JsonObject sell = buy.copy().put("fee", "-0.3").put("feeCcy", "USDT");
    assertThat(OkxReplies.orderState(sell, "BTC-USDT").fee()).isEqualByComparingTo("0.3");
    JsonObject live = buy.copy().put("state", "live").put("accFillSz", "0").put("avgPx", "").put("fee", "0");
    OrderState open = OkxReplies.orderState(live, "BTC-USDT");
    assertThat(open.status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(open.averagePrice()).isEqualByComparingTo("0");
    assertThat(open.fee()).isEqualByComparingTo("0");
  }

  // ---- against FakeOkx

  @Test
  void placesAMarketBuyAndLooksItUpFilledWithItsFee() {
    OkxExchange okx = adapters.exchange();
    String id = clOrdId("t");
    PlaceResult placed = okx.place(OrderRequest.market(id, "BTCUSDT", Side.BUY, new BigDecimal("0.0100"))).await();
    adapters.said(placed.message());
    assertThat(placed.outcome()).isEqualTo(Outcome.ACCEPTED);
    FakeOkx.Order order = adapters.fake().order(id).orElseThrow();
    assertThat(placed.exchangeOrderId()).contains(order.ordId());

    JsonObject sent = adapters.fake().placementBodies().get(0);
    assertThat(sent.getString("instId")).isEqualTo("BTC-USDT");
    assertThat(sent.getString("tdMode")).isEqualTo("cash");
    assertThat(sent.getString("side")).isEqualTo("buy");
    assertThat(sent.getString("ordType")).isEqualTo("market");
    assertThat(sent.getString("sz")).as("a plain decimal string").isEqualTo("0.01");
    assertThat(sent.getString("tgtCcy")).as("sz counts in base").isEqualTo("base_ccy");
    assertThat(sent.containsKey("px")).isFalse();
    assertThat(adapters.fake().simulatedHeaders()).containsOnly("1");

    OrderState state = okx.lookup("BTCUSDT", id).await().orElseThrow();
    assertThat(state.clOrdId()).isEqualTo(id);
    assertThat(state.exchangeOrderId()).isEqualTo(order.ordId());
    assertThat(state.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(state.filledQuantity()).isEqualByComparingTo("0.01");
    assertThat(state.averagePrice()).isEqualByComparingTo("30000");
    assertThat(state.fee()).as("0.001 x 300 USDT, positive").isEqualByComparingTo("0.3");
  }

  @Test
  void placesALimitSellThatStaysLive() {
    OkxExchange okx = adapters.exchange();
    String id = clOrdId("t");
    PlaceResult placed = okx.place(new OrderRequest(id, "ETHUSDT", Side.SELL, OrderRequest.Type.LIMIT,
        new BigDecimal("0.5"), Optional.of(new BigDecimal("2500.10")))).await();
    assertThat(placed.outcome()).isEqualTo(Outcome.ACCEPTED);
    JsonObject sent = adapters.fake().placementBodies().get(0);
    assertThat(sent.getString("px")).isEqualTo("2500.1");
    assertThat(sent.containsKey("tgtCcy")).isFalse();
    OrderState state = okx.lookup("ETHUSDT", id).await().orElseThrow();
    assertThat(state.status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(state.filledQuantity()).isEqualByComparingTo("0");
    assertThat(state.averagePrice()).as("avgPx \"\" is no fill").isEqualByComparingTo("0");
  }

  @Test
  void theDemoHeaderMustMatchTheHost() {
    PlaceResult withoutHeader = adapters.exchange(adapters.config(adapters.fake().baseUrl(), SECRET, false))
        .place(market(clOrdId("t"))).await();
    adapters.said(withoutHeader.message());
    assertThat(withoutHeader.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(withoutHeader.code()).isEqualTo("50101");
    assertThat(withoutHeader.message()).contains("configuration error");
    assertThat(adapters.fake().ordersCreated()).isZero();

    try (FakeOkx live = FakeOkx.start(adapters.vertx(), KEY, SECRET, PASS, false)) {
      OkxExchange demoOnLive = adapters.exchange(adapters.config(live.baseUrl(), SECRET, true));
      PlaceResult r = demoOnLive.place(market(clOrdId("t"))).await();
      assertThat(r.code()).isEqualTo("50101");
      OkxExchange liveOnLive = adapters.exchange(adapters.config(live.baseUrl(), SECRET, false));
      assertThat(liveOnLive.place(market(clOrdId("t"))).await().outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(live.simulatedHeaders()).containsExactly("1", "");
    }
  }

  @Test
  void aWrongSecretIsAConfigurationErrorThatNamesNoSecret() {
    OkxExchange okx = adapters.exchange(adapters.config("not-" + SECRET));
    PlaceResult r = okx.place(market(clOrdId("t"))).await();
    adapters.said(r.message());
    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(r.code()).isEqualTo("50113");
    assertThat(r.message()).contains("configuration error").contains("signature");
    assertThat(adapters.fake().authFailures()).isEqualTo(1);

    Throwable lookup = failure(okx.lookup("BTCUSDT", clOrdId("t")));
    adapters.said(lookup.getMessage());
    assertThat(lookup).isInstanceOf(OkxException.class).hasMessageContaining("50113");
    assertThat(okx.breakerState().name()).as("a bad key is no outage").isEqualTo("CLOSED");

    OkxExchange badPass = adapters.exchange(new MariposaConfig.Okx(URI.create(adapters.fake().baseUrl()),
        Optional.of(Secret.of(KEY)), Optional.of(Secret.of(SECRET)), Optional.of(Secret.of("x" + PASS)), true));
    PlaceResult r2 = badPass.place(market(clOrdId("t"))).await();
    adapters.said(r2.message());
    assertThat(r2.code()).isEqualTo("50105");
    assertThat(r2.message()).contains("configuration error");
  }

  @Test
  void aKnownClOrdIdIsADuplicate() {
    OkxExchange okx = adapters.exchange();
    String id = clOrdId("t");
    assertThat(okx.place(market(id)).await().outcome()).isEqualTo(Outcome.ACCEPTED);
    PlaceResult again = okx.place(market(id)).await();
    adapters.said(again.message());
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(again.code()).isEqualTo("51016");

    adapters.fake().planFaults(Fault.DUPLICATE);
    String other = clOrdId("t");
    assertThat(okx.place(market(other)).await().outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(adapters.fake().ordersCreated()).isEqualTo(1);
    assertThat(adapters.fake().duplicatesRefused()).isEqualTo(2);
  }

  @Test
  void rateLimitedPlacementsAreNotPlaced() {
    OkxExchange okx = adapters.exchange();
    String id = clOrdId("t");
    adapters.fake().planFaults(Fault.RATE_LIMITED);
    PlaceResult r = okx.place(market(id)).await();
    adapters.said(r.message());
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_PLACED);
    assertThat(r.code()).isEqualTo("50011");
    assertThat(okx.lookup("BTCUSDT", id).await()).isEmpty();
    assertThat(adapters.fake().ordersCreated()).isZero();

    assertThat(okx.place(market(id)).await().outcome()).as("the same clOrdId, later").isEqualTo(Outcome.ACCEPTED);
    assertThat(adapters.fake().ordersCreated()).isEqualTo(1);
  }

  @Test
  void unclearAnswersAreUnknownAndTheLookupSettlesThem() {
    OkxExchange okx = adapters.exchange(
        new OkxExchange.Options(Duration.ofMillis(400), 5, Duration.ofSeconds(30), Duration.ofSeconds(10)));
    adapters.fake().lateAnswerMs(1_500);
    for (Fault fault : List.of(Fault.HTTP_500, Fault.UNKNOWN_AFTER_ACCEPT, Fault.TIMEOUT_AFTER_ACCEPT)) {
      String id = clOrdId("t");
      adapters.fake().planFaults(fault);
      PlaceResult r = okx.place(market(id)).await();
      adapters.said(r.message());
      assertThat(r.outcome()).as(fault.name()).isEqualTo(Outcome.UNKNOWN);
      OrderState state = okx.lookup("BTCUSDT", id).await().orElseThrow();
      assertThat(state.status()).as(fault.name()).isEqualTo(OrderState.Status.FILLED);
      assertThat(adapters.fake().orders().stream().filter(o -> o.clOrdId().equals(id))).as(fault.name()).hasSize(1);
    }

    String id = clOrdId("t");
    adapters.fake().planFaults(Fault.UNAVAILABLE);
    PlaceResult unavailable = okx.place(market(id)).await();
    adapters.said(unavailable.message());
    assertThat(unavailable.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(unavailable.code()).isEqualTo("50001");
    assertThat(okx.lookup("BTCUSDT", id).await()).as("503 did not place it").isEmpty();
    assertThat(okx.place(market(id)).await().outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(adapters.fake().ordersCreated()).isEqualTo(4);
    assertThat(adapters.fake().placementsReceived()).isEqualTo(5);
  }

  @Test
  void aPlacementThatFindsEveryConnectionBusyIsNotPlacedAndNoOutage() {
    OkxExchange okx = adapters.exchange(new OkxExchange.Options(Duration.ofSeconds(4), 1, Duration.ofSeconds(30),
        Duration.ofSeconds(10), 1, Duration.ofMillis(200)));
    adapters.fake().lateAnswerMs(-1).planFaults(Fault.TIMEOUT_AFTER_ACCEPT);
    String first = clOrdId("t");
    Future<PlaceResult> holding = okx.place(market(first));
    Eventually.within(Duration.ofSeconds(10), "the first placement holds the only connection",
        () -> adapters.fake().placementsReceived() == 1);

    String second = clOrdId("t");
    PlaceResult waited = okx.place(market(second)).await();
    adapters.said(waited.message());
    assertThat(waited.outcome()).isEqualTo(Outcome.NOT_PLACED);
    assertThat(waited.code()).isEqualTo(OkxExchange.CONNECTIONS_BUSY);
    assertThat(waited.message()).contains("nothing sent");
    assertThat(adapters.fake().placementsReceived()).as("nothing sent").isEqualTo(1);
    assertThat(okx.breakerState().name()).as("our own queue is no outage of OKX (one failure would open it)")
        .isEqualTo("CLOSED");

    assertThat(holding.await().outcome()).as("the first, never answered").isEqualTo(Outcome.UNKNOWN);
    assertThat(okx.breakerState().name()).as("while a placement without an answer is one").isEqualTo("OPEN");
  }

  @Test
  void theCircuitOpensAfterFiveOutagesAndThenSendsNothing() {
    OkxExchange okx = adapters.exchange();
    adapters.fake().planFaults(Fault.HTTP_500, Fault.HTTP_500, Fault.UNAVAILABLE, Fault.HTTP_500, Fault.HTTP_500);
    for (int i = 0; i < 5; i++) {
      assertThat(okx.place(market(clOrdId("t"))).await().outcome()).isEqualTo(Outcome.UNKNOWN);
    }
    Throwable open = failure(okx.place(market(clOrdId("t"))));
    adapters.said(open.getMessage());
    assertThat(open).hasMessageContaining("circuit open");
    assertThat(adapters.fake().placementsReceived()).isEqualTo(5);
  }

  @Test
  void aConnectionThatCannotBeOpenedFailsTheFuture() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    OkxExchange okx = adapters.exchange(adapters.config("http://127.0.0.1:" + port, SECRET, true));
    Throwable t = failure(okx.place(market(clOrdId("t"))));
    adapters.said(t.getMessage());
    assertThat(t).hasMessageContaining("nothing sent");
    Throwable lookup = failure(okx.lookup("BTCUSDT", clOrdId("t")));
    adapters.said(lookup.getMessage());
  }

  @Test
  void invalidRequestsAreRefusedBeforeSending() {
    OkxExchange okx = adapters.exchange();
    assertThat(failure(okx.place(market("bad-id_1")))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(okx.place(OrderRequest.market(clOrdId("t"), "BTCXYZ", Side.BUY, BigDecimal.ONE))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(okx.place(OrderRequest.market(clOrdId("t"), "BTCUSDT", Side.BUY, BigDecimal.ZERO))))
        .isInstanceOf(IllegalArgumentException.class);
    OkxExchange noKeys = adapters.exchange(adapters.configWithoutKeys());
    assertThat(failure(noKeys.place(market(clOrdId("t"))))).isInstanceOf(IllegalStateException.class);
    assertThat(adapters.fake().placementsReceived()).isZero();
  }

  @Test
  void anUnknownClOrdIdLooksUpEmpty() {
    assertThat(adapters.exchange().lookup("BTCUSDT", clOrdId("t")).await()).isEmpty();
    assertThat(adapters.fake().lookupsReceived()).isEqualTo(1);
  }

  @Test
  void readsAndCachesInstruments() {
    OkxExchange okx = adapters.exchange();
    Instrument btc = okx.instrument("BTCUSDT").await();
    assertThat(btc.symbol()).isEqualTo("BTCUSDT");
    assertThat(btc.tickSize()).isEqualByComparingTo("0.1");
    assertThat(btc.lotSize()).isEqualByComparingTo("0.00000001");
    assertThat(btc.minQuantity()).isEqualByComparingTo("0.00001");
    assertThat(okx.instrument("BTCUSDT").await()).isSameAs(btc);
    assertThat(okx.instrument("BTC-USDT").await()).isSameAs(btc);
    assertThat(adapters.fake().instrumentRequests()).isEqualTo(1);
    Instrument ethBtc = okx.instrument("ETHBTC").await();
    assertThat(ethBtc.tickSize()).isEqualByComparingTo("0.00001");
    assertThat(ethBtc.minQuantity()).isEqualByComparingTo("0.001");

    Throwable unknown = failure(okx.instrument("DOGEUSDT"));
    assertThat(unknown).hasMessageContaining("DOGE-USDT");
    failure(okx.instrument("DOGEUSDT"));
    assertThat(adapters.fake().instrumentRequests()).as("failures are not cached").isEqualTo(4);
  }

  // ---- helpers

  private static OrderRequest market(String clOrdId) {
    return OrderRequest.market(clOrdId, "BTCUSDT", Side.BUY, new BigDecimal("0.001"));
  }


}
