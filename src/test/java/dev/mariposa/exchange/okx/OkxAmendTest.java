package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.AmendResult.Outcome;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.VenueOrder;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.FakeOkx.Call;
import dev.mariposa.testing.FakeOkx.Fault;
import dev.mariposa.testing.OkxAdapters;
import static dev.mariposa.testing.OkxAdapters.clOrdId;
import static dev.mariposa.testing.OkxAdapters.failure;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OkxExchange's amend against FakeOkx (real HTTP, real signatures) and a real redis-server for the
 * shared limits: a new price, a new size, each refusal, a retried amend that changes nothing
 * twice, an answer lost after the amend was made, and authentication.
 */
@ExtendWith(VertxExtension.class)
class OkxAmendTest {
  private static final String KEY = "fake-okx-key-9c2e11";
  private static final String SECRET = "fake-okx-secret-QW1lbmRz";
  private static final String PASS = "fake-okx-pass-Lp40";
  private static final Optional<BigDecimal> SAME = Optional.empty();

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis, new FakeOkx.Credentials(KEY, SECRET, PASS))
      .fillPrice(new BigDecimal("30000"));

  @Test
  void movesTheLimitPriceOfARestingOrder() {
    OkxExchange okx = adapters.exchange();
    String id = clOrdId("am");
    assertThat(okx.place(new OrderRequest(id, "BTCUSDT", Side.BUY, OrderRequest.Type.LIMIT, new BigDecimal("0.01"),
        Optional.of(new BigDecimal("20000")))).await().outcome()).isEqualTo(PlaceResult.Outcome.ACCEPTED);

    AmendResult r = amend(okx, id, "r" + id, SAME, px("20100.5"));
    assertThat(r.outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(r.code()).isEqualTo("0");
    FakeOkx.Order at = adapters.fake().order(id).orElseThrow();
    assertThat(at.px()).isEqualByComparingTo("20100.5");
    assertThat(at.sz()).as("the size as it was").isEqualByComparingTo("0.01");
    VenueOrder open = openOrder(okx, id);
    assertThat(open.limitPrice()).hasValueSatisfying(px -> assertThat(px).isEqualByComparingTo("20100.5"));
    assertThat(okx.lookup("BTCUSDT", id).await().orElseThrow().status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(adapters.fake().lookupsReceived()).as("accepted: nothing to settle").isEqualTo(1);
  }

  @Test
  void setsTheNewTotalSizeAndEndsTheOrderAtOrBelowWhatHasFilled() {
    OkxExchange okx = adapters.exchange();
    String id = clOrdId("am");
    adapters.fake().holdPartiallyFilledOrder("BTC-USDT", id, "buy", new BigDecimal("0.02"), new BigDecimal("20000"),
        new BigDecimal("0.005"));

    assertThat(amend(okx, id, "a" + id, qty("0.03"), SAME).outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(openOrder(okx, id).quantity()).as("the new total, fills included").isEqualByComparingTo("0.03");
    assertThat(adapters.fake().order(id).orElseThrow().state()).isEqualTo("partially_filled");

    assertThat(amend(okx, id, "b" + id, qty("0.02"), px("20000.1")).outcome()).isEqualTo(Outcome.AMENDED);
    FakeOkx.Order both = adapters.fake().order(id).orElseThrow();
    assertThat(both.sz()).isEqualByComparingTo("0.02");
    assertThat(both.px()).isEqualByComparingTo("20000.1");

    // OKX's amend-order: a new size at or below the filled quantity turns the order filled, no refusal.
    AmendResult below = amend(okx, id, "c" + id, qty("0.004"), SAME);
    assertThat(below.outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(okx.lookup("BTCUSDT", id).await().orElseThrow())
        .satisfies(s -> assertThat(s.status()).isEqualTo(OrderState.Status.FILLED))
        .satisfies(s -> assertThat(s.exchangeOrderId()).isEqualTo(both.ordId()));
    assertThat(okx.openOrders().await()).extracting(VenueOrder::clOrdId).doesNotContain(id);
  }

  @Test
  void refusesAsOkxDoesAndTellsFinalFromUnknown() {
    OkxExchange okx = adapters.exchange();
    String filled = clOrdId("am");
    adapters.fake().holdFilledOrder("BTC-USDT", filled, "buy", new BigDecimal("0.01"), new BigDecimal("30000"));
    AmendResult ofFilled = amend(okx, filled, "f" + filled, SAME, px("20000"));
    adapters.said(ofFilled.message());
    assertThat(ofFilled.outcome()).isEqualTo(Outcome.ALREADY_FINAL);
    assertThat(ofFilled.code()).isEqualTo("51503");
    assertThat(ofFilled.message()).contains("FILLED");

    String canceled = hold("20000");
    okx.cancel("BTCUSDT", canceled).await();
    assertThat(amend(okx, canceled, "g" + canceled, SAME, px("20000.1")))
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ALREADY_FINAL))
        .satisfies(r -> assertThat(r.message()).contains("CANCELED"));
    assertThat(amend(okx, clOrdId("am"), "h1", SAME, px("20000")).outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(amend(okx, "ETHUSDT", canceled, "h2", SAME, px("2000")).outcome()).as("another instrument's order")
        .isEqualTo(Outcome.NOT_FOUND);
    assertThat(adapters.fake().lookupsReceived()).as("each 51503 settled by a lookup").isEqualTo(4);

    String live = hold("20000");
    AmendResult offTick = amend(okx, live, "i" + live, SAME, px("20000.05"));
    adapters.said(offTick.message());
    assertThat(offTick.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(offTick.code()).isEqualTo("51000");
    assertThat(offTick.message()).contains("newPx");
    assertThat(amend(okx, live, "j" + live, qty("0.000000001"), SAME))
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.REJECTED))
        .satisfies(r -> assertThat(r.code()).as("not a multiple of the lot").isEqualTo("51121"));
    FakeOkx.Order unchanged = adapters.fake().order(live).orElseThrow();
    assertThat(unchanged.px()).isEqualByComparingTo("20000");
    assertThat(unchanged.sz()).isEqualByComparingTo("0.01");

    String maker = clOrdId("am");
    okx.place(new OrderRequest(maker, "BTCUSDT", Side.SELL, OrderRequest.Type.POST_ONLY, new BigDecimal("0.01"),
        Optional.of(new BigDecimal("31000")))).await();
    assertThat(amend(okx, maker, "k" + maker, SAME, px("29000")))
        .as("a post-only sell below the 30000 it would take from")
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.REJECTED))
        .satisfies(r -> assertThat(r.code()).isEqualTo("51511"));
    assertThat(adapters.fake().order(maker).orElseThrow().px()).isEqualByComparingTo("31000");
    assertThat(adapters.fake().amendsApplied()).isZero();
    assertThat(adapters.fake().lookupsReceived()).as("a refusal of the amend needs no lookup").isEqualTo(4);

    int before = adapters.fake().requestsReceived();
    for (Future<AmendResult> invalid : List.of(
        okx.amend("BTCUSDT", live, "l1", SAME, SAME),
        okx.amend("BTCUSDT", live, "not-letters", SAME, px("20000")),
        okx.amend("BTCUSDT", live, "x".repeat(33), SAME, px("20000")),
        okx.amend("BTCUSDT", live, "l2", qty("-1"), SAME),
        okx.amend("BTCUSDT", live, "l3", SAME, px("0")))) {
      assertThat(failure(invalid)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(adapters.fake().requestsReceived()).as("nothing sent").isEqualTo(before);
  }

  @Test
  void aRequestIdSentAgainIsTheSameAmendAndChangesNothingTwice() {
    OkxExchange okx = adapters.exchange();
    String id = hold("20000");
    AmendResult first = amend(okx, id, "once" + id, SAME, px("20001"));
    assertThat(first.outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(amend(okx, id, "once" + id, SAME, px("20001")).outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(adapters.fake().amendsApplied()).isEqualTo(1);

    assertThat(amend(okx, id, "next" + id, SAME, px("20002")).outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(adapters.fake().amendsApplied()).isEqualTo(2);
    // A late retry of the first amend is that amend, done already: the price stays the newer one.
    assertThat(amend(okx, id, "once" + id, SAME, px("20001")).outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(adapters.fake().amendsApplied()).isEqualTo(2);
    assertThat(adapters.fake().order(id).orElseThrow().px()).isEqualByComparingTo("20002");
  }

  @Test
  void anAnswerLostAfterTheAmendIsUnknownAndTheOrderShowsTheTruth() {
    OkxExchange okx = adapters.exchange(
        new OkxExchange.Options(Duration.ofSeconds(5), 50, Duration.ofSeconds(30), Duration.ofSeconds(10)));
    for (Fault fault : List.of(Fault.HTTP_500, Fault.UNKNOWN_AFTER_ACCEPT, Fault.MALFORMED)) {
      String id = hold("20000");
      adapters.fake().planFaults(Call.AMEND, fault);
      AmendResult r = amend(okx, id, "u" + id, SAME, px("20500"));
      adapters.said(r.message());
      assertThat(r.outcome()).as(fault.name()).isEqualTo(Outcome.UNKNOWN);
      assertThat(openOrder(okx, id).limitPrice()).as(fault.name() + ": made, as OKX now lists it")
          .hasValueSatisfying(px -> assertThat(px).isEqualByComparingTo("20500"));
      assertThat(okx.lookup("BTCUSDT", id).await().orElseThrow().status()).isEqualTo(OrderState.Status.LIVE);
      assertThat(amend(okx, id, "u" + id, SAME, px("20500")).outcome()).as(fault.name() + ": sent again")
          .isEqualTo(Outcome.AMENDED);
    }
    assertThat(adapters.fake().amendsApplied()).as("each once").isEqualTo(3);
    assertThat(adapters.fake().injected().get(Call.AMEND)).containsOnlyKeys(Fault.HTTP_500, Fault.UNKNOWN_AFTER_ACCEPT,
        Fault.MALFORMED);

    String unavailable = hold("20000");
    adapters.fake().planFaults(Call.AMEND, Fault.UNAVAILABLE);
    assertThat(amend(okx, unavailable, "v" + unavailable, SAME, px("20500")))
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN))
        .satisfies(r -> assertThat(r.code()).isEqualTo("50001"));

    for (Fault fault : List.of(Fault.RATE_LIMITED, Fault.BUSY)) {
      String id = hold("20000");
      adapters.fake().planFaults(Call.AMEND, fault);
      Throwable t = failure(okx.amend("BTCUSDT", id, "w" + id, SAME, px("20500")));
      adapters.said(t.getMessage());
      assertThat(t).as(fault.name()).isInstanceOf(OkxException.class).hasMessageContaining("send it again later");
      assertThat(adapters.fake().order(id).orElseThrow().px()).as(fault.name() + ": nothing done")
          .isEqualByComparingTo("20000");
      assertThat(amend(okx, id, "w" + id, SAME, px("20500")).outcome()).isEqualTo(Outcome.AMENDED);
    }
  }

  @Test
  void anAmendIsAuthenticatedAndNotSentWithoutKeysOrThroughAnOpenCircuit() {
    String id = hold("20000");
    OkxExchange wrongSecret = adapters.exchange(adapters.config("not-" + SECRET));
    Throwable t = failure(wrongSecret.amend("BTCUSDT", id, "z1", SAME, px("20500")));
    adapters.said(t.getMessage());
    assertThat(t).isInstanceOf(OkxException.class).hasMessageContaining("50113").hasMessageContaining("configuration");
    assertThat(adapters.fake().authFailures()).isEqualTo(1);
    assertThat(wrongSecret.breakerState().name()).as("a bad key is no outage").isEqualTo("CLOSED");
    assertThat(adapters.fake().order(id).orElseThrow().px()).isEqualByComparingTo("20000");

    OkxExchange noKeys = adapters.exchange(adapters.configWithoutKeys());
    int before = adapters.fake().requestsReceived();
    assertThat(failure(noKeys.amend("BTCUSDT", id, "z2", SAME, px("20500")))).isInstanceOf(IllegalStateException.class);
    assertThat(adapters.fake().requestsReceived()).isEqualTo(before);

    OkxExchange fragile = adapters.exchange(
        new OkxExchange.Options(Duration.ofSeconds(5), 1, Duration.ofSeconds(30), Duration.ofSeconds(10)));
    adapters.fake().planFaults(Call.AMEND, Fault.HTTP_500);
    assertThat(amend(fragile, id, "z3", SAME, px("20500")).outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(fragile.breakerState().name()).as("a 500 is an outage").isEqualTo("OPEN");
    before = adapters.fake().requestsReceived();
    assertThat(failure(fragile.amend("BTCUSDT", id, "z4", SAME, px("20600")))).hasMessageContaining("circuit open");
    assertThat(adapters.fake().requestsReceived()).as("nothing sent").isEqualTo(before);
  }

  @Test
  void theBodyCarriesOnlyWhatChangesAndNeverCancelsOnFailure() {
    assertThat(OkxExchange.amendBody("BTC-USDT", "c1", "r1", qty("0.0200"), px("2E+4")))
        .isEqualTo("{\"instId\":\"BTC-USDT\",\"clOrdId\":\"c1\",\"reqId\":\"r1\",\"newSz\":\"0.02\","
            + "\"newPx\":\"20000\",\"cxlOnFail\":false}");
    assertThat(OkxExchange.amendBody("BTC-USDT", "c1", "r2", SAME, px("20000.5")))
        .isEqualTo("{\"instId\":\"BTC-USDT\",\"clOrdId\":\"c1\",\"reqId\":\"r2\",\"newPx\":\"20000.5\","
            + "\"cxlOnFail\":false}");
  }

  // ---- helpers

  private AmendResult amend(OkxExchange okx, String clOrdId, String requestId, Optional<BigDecimal> qty,
                            Optional<BigDecimal> px) {
    return amend(okx, "BTCUSDT", clOrdId, requestId, qty, px);
  }

  private AmendResult amend(OkxExchange okx, String symbol, String clOrdId, String requestId,
                            Optional<BigDecimal> qty, Optional<BigDecimal> px) {
    AmendResult r = okx.amend(symbol, clOrdId, requestId, qty, px).await();
    adapters.said(r.message());
    return r;
  }

  private static VenueOrder openOrder(OkxExchange okx, String clOrdId) {
    return okx.openOrders().await().stream().filter(o -> o.clOrdId().equals(clOrdId)).findFirst().orElseThrow();
  }

  /** A live BTC-USDT buy of 0.01 at {@code px} held at the fake; its clOrdId. */
  private String hold(String px) {
    String id = clOrdId("am");
    adapters.fake().holdOpenOrder("BTC-USDT", id, "buy", new BigDecimal("0.01"), new BigDecimal(px));
    return id;
  }

  private static Optional<BigDecimal> px(String value) {
    return Optional.of(new BigDecimal(value));
  }

  private static Optional<BigDecimal> qty(String value) {
    return Optional.of(new BigDecimal(value));
  }


}
