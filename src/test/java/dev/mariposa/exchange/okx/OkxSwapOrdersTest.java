package dev.mariposa.exchange.okx;

import dev.mariposa.agent.Market.MarginMode;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.FundingBill;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.PlaceResult.Outcome;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.exchange.SwapOrder.PositionSide;
import dev.mariposa.exchange.VenuePosition;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.FakeOkxSwapAccount;
import dev.mariposa.testing.OkxAdapters;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static dev.mariposa.testing.OkxAdapters.clOrdId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swap orders of OkxExchange against FakeOkx and its swap account over real HTTP and signatures,
 * on the recorded 2022 SWAP listing (BTC-USDT-SWAP: 0.01 BTC a contract, lots of 1, tick 0.1, 125x).
 */
@ExtendWith(VertxExtension.class)
class OkxSwapOrdersTest {
  private static final BigDecimal PRICE = new BigDecimal("30000");
  private static final String BTC = "BTC-USDT-SWAP";

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis,
      new FakeOkx.Credentials("fake-okx-key-53a9", "fake-okx-secret-U3dhcE9yZA", "fake-okx-pass-Yq2c")).fillPrice(PRICE);

  private FakeOkx fake;
  private FakeOkxSwapAccount account;

  @BeforeEach
  void recordedListing() {
    SharedData.require(FakeOkx.SWAPS_2022);
    fake = adapters.fake().balance("USDT", new BigDecimal("10000"));
    account = fake.swapAccount();
  }

  @Test
  void opensAndExitsReduceOnlyInNetMode() {
    OkxExchange okx = adapters.exchange();
    String open = clOrdId("o");
    SwapOrder longTerms = new SwapOrder(MarginMode.ISOLATED, 10, PositionSide.LONG, false);
    assertThat(okx.place(market(open, Side.BUY, "0.05", longTerms)).await().outcome()).isEqualTo(Outcome.ACCEPTED);
    String exit = clOrdId("x");
    PlaceResult closed = okx.place(market(exit, Side.SELL, "0.05", SwapOrder.closing(
        dev.mariposa.agent.Market.swap(MarginMode.ISOLATED, 10, true), PositionSide.LONG))).await();
    assertThat(closed.outcome()).isEqualTo(Outcome.ACCEPTED);

    List<JsonObject> bodies = fake.placementBodies();
    assertThat(bodies.get(0)).isEqualTo(new JsonObject().put("instId", BTC).put("tdMode", "isolated").put("side", "buy")
        .put("ordType", "market").put("sz", "5").put("clOrdId", open));
    assertThat(bodies.get(1)).isEqualTo(new JsonObject().put("instId", BTC).put("tdMode", "isolated").put("side", "sell")
        .put("ordType", "market").put("sz", "5").put("reduceOnly", true).put("clOrdId", exit));
    assertThat(account.leverageCalls()).as("one setting, set once; no posSide in net mode")
        .containsExactly(new JsonObject().put("instId", BTC).put("lever", "10").put("mgnMode", "isolated"));
    assertThat(fake.requestsTo(FakeOkxSwapAccount.CONFIG_PATH)).as("position mode read once").isEqualTo(1);
    assertThat(account.position(BTC, "net")).as("flat again").isEmpty();

    OrderState opened = okx.lookupSwap("BTCUSDT", open).await().orElseThrow();
    assertThat(opened.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(opened.filledQuantity()).as("5 contracts of 0.01 BTC").isEqualByComparingTo("0.05");
    assertThat(opened.averagePrice()).isEqualByComparingTo("30000");
    assertThat(opened.fee()).as("0.05 % of 1500 USDT").isEqualByComparingTo("0.75");
    // 10000 - margin 150 - fee 0.75, then + 150 back - fee 0.75 at an unchanged price.
    assertThat(fake.balances().get("USDT")).isEqualByComparingTo("9998.5");
  }

  @Test
  void opensAndClosesAShortInLongShortMode() {
    account.posMode("long_short_mode");
    OkxExchange okx = adapters.exchange();
    String open = clOrdId("o");
    SwapOrder shortTerms = new SwapOrder(MarginMode.ISOLATED, 5, PositionSide.SHORT, false);
    assertThat(okx.place(market(open, Side.SELL, "0.1", shortTerms)).await().outcome()).isEqualTo(Outcome.ACCEPTED);
    VenuePosition held = okx.swapPositions().await().get(0);
    assertThat(held.side()).isEqualTo(PositionSide.SHORT);
    assertThat(held.margin()).as("3000 / 5").isEqualByComparingTo("600");
    // (margin + q x avgPx) / (q x (1 + mmr + fee)) = (600 + 3000) / (0.1 x 1.0045)
    assertThat(held.liqPx().orElseThrow()).isEqualByComparingTo(new BigDecimal("3600")
        .divide(new BigDecimal("0.10045"), java.math.MathContext.DECIMAL64));
    String exit = clOrdId("x");
    SwapOrder closeShort = new SwapOrder(MarginMode.ISOLATED, 5, PositionSide.SHORT, true);
    assertThat(okx.place(market(exit, Side.BUY, "0.1", closeShort)).await().outcome()).isEqualTo(Outcome.ACCEPTED);

    List<JsonObject> bodies = fake.placementBodies();
    assertThat(bodies.get(0)).isEqualTo(new JsonObject().put("instId", BTC).put("tdMode", "isolated").put("side", "sell")
        .put("posSide", "short").put("ordType", "market").put("sz", "10").put("clOrdId", open));
    assertThat(bodies.get(1)).as("a close is buy+short; reduceOnly applies to net mode only")
        .isEqualTo(new JsonObject().put("instId", BTC).put("tdMode", "isolated").put("side", "buy")
            .put("posSide", "short").put("ordType", "market").put("sz", "10").put("clOrdId", exit));
    assertThat(account.leverageCalls()).as("isolated in long/short mode: per position side")
        .containsExactly(new JsonObject().put("instId", BTC).put("lever", "5").put("posSide", "short")
            .put("mgnMode", "isolated"));
    assertThat(account.position(BTC, "short")).isEmpty();
  }

  @Test
  void setsLeverageOnceForConcurrentOrdersAgainAfterAFailureAndNeverAboveTheMaximum() {
    OkxExchange okx = adapters.exchange();
    SwapOrder terms = new SwapOrder(MarginMode.CROSS, 3, PositionSide.LONG, false);
    Future<PlaceResult> a = okx.place(market(clOrdId("a"), Side.BUY, "0.01", terms));
    Future<PlaceResult> b = okx.place(market(clOrdId("b"), Side.BUY, "0.01", terms));
    assertThat(Future.all(a, b).await().<PlaceResult>list()).extracting(PlaceResult::outcome)
        .containsOnly(Outcome.ACCEPTED);
    assertThat(account.leverageCalls()).as("two orders, one set-leverage").hasSize(1);
    assertThat(fake.requestsTo(FakeOkxSwapAccount.CONFIG_PATH)).isEqualTo(1);

    account.refuseLeverage("59101:Leverage can't be modified. Please cancel all pending isolated margin orders before "
        + "adjusting the leverage.");
    SwapOrder higher = new SwapOrder(MarginMode.CROSS, 20, PositionSide.LONG, false);
    PlaceResult refused = okx.place(market(clOrdId("c"), Side.BUY, "0.01", higher)).await();
    adapters.said(refused.message());
    assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(refused.code()).isEqualTo("59101");
    assertThat(refused.message()).contains("set-leverage 20x cross on BTC-USDT-SWAP", "not sent");
    assertThat(fake.placementBodies()).as("the order was not sent").hasSize(2);
    assertThat(okx.place(market(clOrdId("d"), Side.BUY, "0.01", higher)).await().outcome())
        .as("the failure was not remembered").isEqualTo(Outcome.ACCEPTED);
    assertThat(account.leverageCalls()).extracting(call -> call.getString("lever")).containsExactly("3", "20", "20");
    assertThat(account.lever(BTC, "cross", "")).isEqualTo(20);
    assertThat(okx.place(market(clOrdId("e"), Side.BUY, "0.01", terms)).await().outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(account.leverageCalls()).as("back to 3x: OKX holds 20x, so 3x is sent again").hasSize(4);

    account.refuseLeverage("59102:Leverage exceeds the maximum limit. Please lower the leverage.");
    PlaceResult tier = okx.place(market(clOrdId("f"), Side.BUY, "0.01",
        new SwapOrder(MarginMode.CROSS, 50, PositionSide.LONG, false))).await();
    assertThat(tier.code()).isEqualTo("59102");
    assertThat(tier.message()).startsWith("leverage above the maximum OKX allows");

    int calls = account.leverageCalls().size();
    PlaceResult above = okx.place(market(clOrdId("g"), Side.BUY, "0.01",
        new SwapOrder(MarginMode.ISOLATED, 126, PositionSide.LONG, false))).await();
    adapters.said(above.message());
    assertThat(above.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(above.code()).isEqualTo(OkxSwapOrders.LEVERAGE_ABOVE_MAX);
    assertThat(above.message()).contains("126x", "maximum of 125x", BTC);
    assertThat(account.leverageCalls()).as("nothing sent").hasSize(calls);
    assertThat(fake.placementBodies()).hasSize(4);
  }

  @Test
  void refusesLessThanOneMinimumOrderWithItsArithmeticAndSendsNothing() {
    OkxExchange okx = adapters.exchange();
    PlaceResult r = okx.place(market(clOrdId("m"), Side.BUY, "0.0099",
        new SwapOrder(MarginMode.ISOLATED, 10, PositionSide.LONG, false))).await();
    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(r.code()).isEqualTo(OkxSwapOrders.BELOW_MINIMUM);
    assertThat(r.message()).contains("0.0099 BTC rounds down to 0 contracts", "0.01 BTC each", "minimum of 1 contracts");
    assertThat(fake.requestsReceived()).as("only the listing was read").isEqualTo(fake.instrumentRequests());
  }

  @Test
  void mapsEachSwapRefusalToAPlainRejection() {
    OkxExchange okx = adapters.exchange();
    SwapOrder openLong = new SwapOrder(MarginMode.ISOLATED, 10, PositionSide.LONG, false);
    SwapOrder closeLong = new SwapOrder(MarginMode.ISOLATED, 10, PositionSide.LONG, true);
    SwapOrder closeShort = new SwapOrder(MarginMode.ISOLATED, 10, PositionSide.SHORT, true);

    PlaceResult nothingHeld = okx.place(market(clOrdId("r"), Side.SELL, "0.05", closeLong)).await();
    assertRejected(nothingHeld, "51169", "no position in this direction");

    assertThat(okx.place(market(clOrdId("o"), Side.BUY, "0.05", openLong)).await().outcome())
        .isEqualTo(Outcome.ACCEPTED);
    assertRejected(okx.place(market(clOrdId("r"), Side.BUY, "0.05", closeShort)).await(), "51170",
        "would add to it");
    assertRejected(okx.place(market(clOrdId("r"), Side.SELL, "0.08", closeLong)).await(), "51112",
        "larger than the position");

    fake.balance("USDT", new BigDecimal("100"));
    assertRejected(okx.place(market(clOrdId("r"), Side.BUY, "0.05", openLong)).await(), "51008",
        "insufficient margin");
    assertThat(account.position(BTC, "net").orElseThrow().pos()).as("none of them moved the position")
        .isEqualByComparingTo("5");
  }

  @Test
  void readsThePositionModeAgainOnceWhenOkxRefusesThePosSide() {
    OkxExchange okx = adapters.exchange();
    SwapOrder terms = new SwapOrder(MarginMode.CROSS, 2, PositionSide.LONG, false);
    assertThat(okx.place(market(clOrdId("n"), Side.BUY, "0.01", terms)).await().outcome()).isEqualTo(Outcome.ACCEPTED);

    account.posMode("long_short_mode"); // switched on the website
    String id = clOrdId("s");
    PlaceResult r = okx.place(market(id, Side.BUY, "0.01", terms)).await();
    assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(fake.placementBodies().get(1).containsKey("posSide")).isFalse();
    assertThat(fake.placementBodies().get(2).getString("posSide")).isEqualTo("long");
    assertThat(fake.placementBodies().get(2).getString("clOrdId")).isEqualTo(id);
    assertThat(fake.requestsTo(FakeOkxSwapAccount.CONFIG_PATH)).isEqualTo(2);

    account.posMode("net_mode").configReports("long_short_mode");
    PlaceResult mismatch = okx.place(market(clOrdId("t"), Side.BUY, "0.01", terms)).await();
    adapters.said(mismatch.message());
    assertThat(mismatch.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(mismatch.code()).isEqualTo("51000");
    assertThat(mismatch.message()).startsWith("position mode mismatch").contains("long_short_mode", "posSide");
    assertThat(fake.requestsTo(FakeOkxSwapAccount.CONFIG_PATH)).as("read again once, then refused").isEqualTo(3);
    assertThat(fake.placementBodies()).hasSize(4);
  }

  @Test
  void aPlacementWhoseAnswerIsLostIsLookedUpOnTheSwapAndNotPlacedTwice() {
    OkxExchange okx = adapters.exchange(
        new OkxExchange.Options(Duration.ofMillis(400), 5, Duration.ofSeconds(30), Duration.ofSeconds(10)));
    fake.lateAnswerMs(-1);
    SwapOrder terms = new SwapOrder(MarginMode.ISOLATED, 10, PositionSide.LONG, false);
    String id = clOrdId("lost");
    okx.swapInstrument(BTC).await();
    okx.place(market(clOrdId("warm"), Side.BUY, "0.01", terms)).await(); // config and leverage answered
    fake.planFaults(Fault.TIMEOUT_AFTER_ACCEPT);
    PlaceResult r = okx.place(market(id, Side.BUY, "0.05", terms)).await();
    adapters.said(r.message());
    assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);

    OrderState found = okx.lookupSwap("BTCUSDT", id).await().orElseThrow();
    assertThat(found.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(found.filledQuantity()).isEqualByComparingTo("0.05");
    PlaceResult again = okx.place(market(id, Side.BUY, "0.05", terms)).await();
    assertThat(again.outcome()).as("the same clOrdId is known to OKX").isEqualTo(Outcome.DUPLICATE);
    assertThat(fake.orders().stream().filter(o -> o.clOrdId().equals(id))).hasSize(1);
    assertThat(account.position(BTC, "net").orElseThrow().pos()).as("1 + 5 contracts, not 11")
        .isEqualByComparingTo("6");
    assertThat(okx.lookup("BTCUSDT", id).await()).as("not on the spot market").isEmpty();
  }

  @Test
  void aSetLeverageWhoseAnswerIsLostIsSentAgainAndTheOrderPlacedOnce() {
    OkxExchange okx = adapters.exchange(
        new OkxExchange.Options(Duration.ofMillis(300), 5, Duration.ofSeconds(30), Duration.ofSeconds(10)));
    account.loseLeverageAnswers(1);
    SwapOrder terms = new SwapOrder(MarginMode.ISOLATED, 7, PositionSide.LONG, false);
    String id = clOrdId("lev");
    Throwable lost = OkxAdapters.failure(okx.place(market(id, Side.BUY, "0.02", terms)));
    adapters.said(lost.getMessage());
    assertThat(lost).hasMessageContaining("set-leverage 7x isolated on BTC-USDT-SWAP");
    assertThat(fake.placementBodies()).as("the order was not sent").isEmpty();
    assertThat(account.lever(BTC, "isolated", "")).as("yet OKX set it").isEqualTo(7);

    assertThat(okx.place(market(id, Side.BUY, "0.02", terms)).await().outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(account.leverageCalls()).as("sent again: setting 7x twice is harmless").hasSize(2);
    assertThat(fake.ordersCreated()).isEqualTo(1);
  }

  @Test
  void cancelsARestingSwapOrderAndSettlesAnUnknownOneByALookupOfTheSwap() {
    OkxExchange okx = adapters.exchange();
    String id = clOrdId("l");
    OrderRequest limit = new OrderRequest(id, "BTCUSDT", Side.BUY, OrderRequest.Type.LIMIT, new BigDecimal("0.02"),
        Optional.of(new BigDecimal("29000.05")), Optional.of(new SwapOrder(MarginMode.CROSS, 3, PositionSide.LONG,
        false)));
    assertThat(okx.place(limit).await().outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(fake.placementBodies().get(0).getString("px")).as("a buy's price rounded down to the tick")
        .isEqualTo("29000");
    assertThat(okx.lookupSwap("BTCUSDT", id).await().orElseThrow().status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(okx.cancelSwap("BTCUSDT", id).await().outcome()).isEqualTo(CancelResult.Outcome.CANCELED);
    assertThat(okx.cancelSwap("BTCUSDT", clOrdId("u")).await().outcome()).isEqualTo(CancelResult.Outcome.NOT_FOUND);
  }

  @Test
  void readsTheSwapInstrumentWithItsFirstTierMaintenanceMarginOnce() {
    account.tierMmr(new BigDecimal("0.004"));
    OkxExchange okx = adapters.exchange();
    Instrument swap = okx.swapInstrumentFor("BTCUSDT").await();
    assertThat(swap).isEqualTo(new Instrument("BTCUSDT", new BigDecimal("0.1"), new BigDecimal("0.01"),
        new BigDecimal("0.01"), BigDecimal.ZERO, 125, new BigDecimal("0.004")));
    okx.swapInstrumentFor("BTCUSDT").await();
    assertThat(fake.requestsTo(FakeOkxSwapAccount.POSITION_TIERS_PATH)).isEqualTo(1);
    assertThat(fake.instrumentRequests()).isEqualTo(1);
  }

  @Test
  void readsPositionsWithTheVenuesLiquidationPriceAndFundingBills() {
    OkxExchange okx = adapters.exchange();
    long start = System.currentTimeMillis();
    okx.place(market(clOrdId("o"), Side.BUY, "0.05", new SwapOrder(MarginMode.ISOLATED, 10, PositionSide.LONG, false)))
        .await();
    account.markPrices(id -> new BigDecimal("29000"));
    List<JsonObject> paid = account.payFunding(BTC, new BigDecimal("0.0001"), start + 5);

    VenuePosition p = okx.swapPositions().await().get(0);
    assertThat(p.symbol()).isEqualTo("BTCUSDT");
    assertThat(p.side()).isEqualTo(PositionSide.LONG);
    assertThat(p.contracts()).isEqualByComparingTo("5");
    assertThat(p.quantity()).isEqualByComparingTo("0.05");
    assertThat(p.margin()).as("1500 / 10").isEqualByComparingTo("150");
    assertThat(p.upl()).as("(29000 - 30000) x 0.05").isEqualByComparingTo("-50");
    // q = 0.05: (0.05 x 30000 - 150) / (0.05 x (1 - 0.004 - 0.0005)) = 1350 / 0.049775
    assertThat(p.liqPx().orElseThrow()).isEqualByComparingTo(new BigDecimal("1350")
        .divide(new BigDecimal("0.049775"), java.math.MathContext.DECIMAL64));
    assertThat(p.fundingFee()).as("0.0001 x 0.05 x 29000, paid").isEqualByComparingTo("-0.145");

    assertThat(okx.fundingBills(start).await()).containsExactly(new FundingBill("BTCUSDT", BTC,
        paid.get(0).getString("billId"), "USDT", new BigDecimal("-0.145"), start + 5));
    assertThat(okx.fundingBills(start + 6).await()).isEmpty();
  }

  private static void assertRejected(PlaceResult r, String code, String words) {
    assertThat(r.outcome()).as(code).isEqualTo(Outcome.REJECTED);
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.message()).as(code).contains(words).contains("(OKX " + code + ": ");
  }

  private static OrderRequest market(String clOrdId, Side side, String quantity, SwapOrder terms) {
    return new OrderRequest(clOrdId, "BTCUSDT", side, OrderRequest.Type.MARKET, new BigDecimal(quantity),
        Optional.empty(), Optional.of(terms));
  }
}
