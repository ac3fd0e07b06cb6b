package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.CancelResult.Outcome;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.VenueFill;
import dev.mariposa.exchange.VenueOrder;
import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import dev.mariposa.testing.SharedData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Account answers read into the port's values: the recorded OKX bodies, and each way a cancel or
 * an amend can be answered.
 */
class OkxAccountRepliesTest {
  @Test
  void readsTheRecordedFillWithItsBaseFeeInTheQuoteAsset() throws Exception {
    JsonObject body = sample("private_trade_samples.json", "GET /api/v5/trade/fills ");
    List<JsonObject> rows = OkxAccountReplies.rows(new Reply(200, body.toBuffer()), "fills").value();
    VenueFill fill = OkxAccountReplies.fill(rows.get(0));
    assertThat(fill.symbol()).isEqualTo("LTCUSDT");
    assertThat(fill.tradeId()).isEqualTo("56181695");
    assertThat(fill.clOrdId()).isEqualTo("e847386590ce4dBCff0cf9a74b5f3bcf");
    assertThat(fill.exchangeOrderId()).isEqualTo("639895991331667968");
    assertThat(fill.side()).isEqualTo(Side.BUY);
    assertThat(fill.quantity()).as("0.1 bought, 0.0001 of it the fee: what the account received")
        .isEqualByComparingTo("0.0999");
    assertThat(fill.price()).isEqualByComparingTo("67.84");
    assertThat(fill.fee()).as("-0.0001 LTC charged, at 67.84").isEqualByComparingTo("0.006784");
    assertThat(fill.at()).as("ts, what begin filters on").isEqualTo(1698835093028L);
  }

  @Test
  void readsTheRecordedBalanceAsCash() throws Exception {
    JsonObject body = sample("private_account_samples.json", "GET /api/v5/account/balance ");
    Map<String, java.math.BigDecimal> balances =
        OkxAccountReplies.balances(OkxAccountReplies.rows(new Reply(200, body.toBuffer()), "balance").value());
    assertThat(balances).containsOnlyKeys("USDT");
    assertThat(balances.get("USDT")).as("cashBal, not eq 99.89").isEqualByComparingTo("94.42612990333333");
  }

  @Test
  void readsTheRecordedOpenOrderAndRefusesAnythingButSpot() throws Exception {
    JsonObject row = sample("private_trade_samples.json", "GET /api/v5/trade/orders-pending")
        .getJsonArray("data").getJsonObject(0);
    assertThatThrownBy(() -> OkxAccountReplies.openOrder(row)).as("a SWAP row has no Mariposa symbol")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ADA-USDT-SWAP");
    VenueOrder order = OkxAccountReplies.openOrder(row.copy().put("instId", "ADA-USDT"));
    assertThat(order.symbol()).isEqualTo("ADAUSDT");
    assertThat(order.side()).isEqualTo(Side.BUY);
    assertThat(order.type()).as("post_only is a limit order").isEqualTo(OrderRequest.Type.LIMIT);
    assertThat(order.quantity()).isEqualByComparingTo("50");
    assertThat(order.limitPrice()).hasValueSatisfying(px -> assertThat(px).isEqualByComparingTo("0.2"));
    assertThat(order.createdAt()).isEqualTo(1700135060018L);
    assertThat(order.clOrdId()).isEqualTo("e847386590ce4dBC28d905b5946bad5a");
    assertThat(order.state().exchangeOrderId()).isEqualTo("645348448086081536");
    assertThat(order.state().status()).isEqualTo(OrderState.Status.LIVE);
    VenueOrder market = OkxAccountReplies.openOrder(row.copy().put("instId", "ADA-USDT").put("ordType", "market")
        .put("px", ""));
    assertThat(market.type()).isEqualTo(OrderRequest.Type.MARKET);
    assertThat(market.limitPrice()).isEmpty();
  }

  @Test
  void readsTheRecordedCancel() throws Exception {
    JsonObject body = sample("private_trade_samples.json", "POST /api/v5/trade/cancel-order ");
    Attempt<CancelResult> a = OkxAccountReplies.cancel(new Reply(200, body.toBuffer()), "c1");
    assertThat(a.value().outcome()).isEqualTo(Outcome.CANCELED);
    assertThat(a.unhealthy()).isFalse();
  }

  @Test
  void aCancelCodeMeansTheSameAtTheTopAndPerOrder() {
    Map<String, Outcome> expected = Map.of("51400", Outcome.NOT_FOUND, "51401", Outcome.ALREADY_FINAL,
        "51402", Outcome.ALREADY_FINAL, "51410", Outcome.UNKNOWN, "51412", Outcome.UNKNOWN, "50004", Outcome.UNKNOWN,
        "50001", Outcome.UNKNOWN);
    expected.forEach((code, outcome) -> {
      for (Buffer body : List.of(body(code, "top", null, null), body("1", "All operations failed", code, "per order"))) {
        Attempt<CancelResult> a = OkxAccountReplies.cancel(new Reply(200, body), "c1");
        assertThat(a.error()).as(code).isNull();
        assertThat(a.value().outcome()).as(code).isEqualTo(outcome);
        assertThat(a.value().code()).isEqualTo(code);
        assertThat(a.unhealthy()).as(code + " tells of an outage").isEqualTo(code.startsWith("500"));
      }
    });
  }

  @Test
  void aCancelWithoutAClearAnswerIsUnknownAndARefusalFails() {
    assertThat(cancel(500, Buffer.buffer("<html>Internal Server Error</html>")))
        .satisfies(a -> assertThat(a.value().outcome()).isEqualTo(Outcome.UNKNOWN))
        .satisfies(a -> assertThat(a.unhealthy()).isTrue());
    assertThat(cancel(503, body("50001", "unavailable", null, null)).value().code()).isEqualTo("50001");
    assertThat(cancel(200, Buffer.buffer("{\"code\":\"0\",\"da")).value().outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(cancel(200, Buffer.buffer("{\"code\":\"0\",\"data\":[]}")).value().outcome())
        .as("code 0 without the order").isEqualTo(Outcome.UNKNOWN);
    assertThat(OkxAccountReplies.cancelWithoutAnswer("c1", new RuntimeException("no answer within 400 ms")))
        .satisfies(a -> assertThat(a.value().outcome()).isEqualTo(Outcome.UNKNOWN))
        .satisfies(a -> assertThat(a.unhealthy()).isTrue());

    // OKX did nothing: the future fails (send it again later); only "busy" tells of an outage.
    assertThat(cancel(429, Buffer.buffer("")))
        .satisfies(a -> assertThat(((OkxException) a.error()).code()).isEqualTo("50011"))
        .satisfies(a -> assertThat(a.unhealthy()).isFalse());
    assertThat(cancel(429, body("50013", "Systems are busy", null, null)))
        .satisfies(a -> assertThat(((OkxException) a.error()).code()).isEqualTo("50013"))
        .satisfies(a -> assertThat(a.unhealthy()).isTrue());
    assertThat(cancel(401, body("50113", "Invalid Sign", null, null)).error())
        .hasMessageContaining("configuration error").hasMessageContaining("signature");
    assertThat(cancel(403, Buffer.buffer("")).error()).hasMessageContaining("configuration error");
    assertThat(cancel(200, body("1", "All operations failed", "51403", "type cannot be cancelled")))
        .satisfies(a -> assertThat(a.error()).hasMessageContaining("51403").hasMessageContaining("type cannot"))
        .satisfies(a -> assertThat(a.unhealthy()).isFalse());
  }

  @Test
  void readsTheRecordedAmend() throws Exception {
    JsonObject body = sample("private_trade_samples.json", "POST /api/v5/trade/amend-order ");
    Attempt<AmendResult> a = OkxAccountReplies.amend(new Reply(200, body.toBuffer()), "e847386590ce4dBCc1a045253497a547");
    assertThat(a.error()).isNull();
    assertThat(a.value().outcome()).as("accepted, to be looked up").isEqualTo(AmendResult.Outcome.AMENDED);
    assertThat(a.value().code()).isEqualTo("0");
    assertThat(a.unhealthy()).isFalse();
  }

  @Test
  void anAmendCodeMeansTheSameAtTheTopAndPerOrder() {
    Map<String, AmendResult.Outcome> expected = Map.of("51503", AmendResult.Outcome.NOT_FOUND,
        "51603", AmendResult.Outcome.NOT_FOUND, "51509", AmendResult.Outcome.ALREADY_FINAL,
        "51510", AmendResult.Outcome.ALREADY_FINAL, "50004", AmendResult.Outcome.UNKNOWN,
        "50001", AmendResult.Outcome.UNKNOWN, "51511", AmendResult.Outcome.REJECTED,
        "51000", AmendResult.Outcome.REJECTED, "51502", AmendResult.Outcome.REJECTED);
    expected.forEach((code, outcome) -> {
      for (Buffer body : List.of(body(code, "top", null, null), body("1", "All operations failed", code, "per order"))) {
        Attempt<AmendResult> a = OkxAccountReplies.amend(new Reply(200, body), "c1");
        assertThat(a.error()).as(code).isNull();
        assertThat(a.value().outcome()).as(code).isEqualTo(outcome);
        assertThat(a.value().code()).isEqualTo(code);
        assertThat(a.unhealthy()).as(code + " tells of an outage").isEqualTo(code.startsWith("500"));
      }
    });
    assertThat(amend(200, body("1", "All operations failed", "51511", "did not meet the requirement for Post Only"))
        .value().message()).as("OKX's words kept").contains("51511").contains("Post Only");
  }

  @Test
  void anAmendWithoutAClearAnswerIsUnknownAndOneOkxDidNotDoFails() {
    assertThat(amend(500, Buffer.buffer("<html>Internal Server Error</html>")))
        .satisfies(a -> assertThat(a.value().outcome()).isEqualTo(AmendResult.Outcome.UNKNOWN))
        .satisfies(a -> assertThat(a.unhealthy()).isTrue());
    assertThat(amend(200, Buffer.buffer("{\"code\":\"0\",\"da")).value().outcome())
        .isEqualTo(AmendResult.Outcome.UNKNOWN);
    assertThat(amend(200, Buffer.buffer("{\"code\":\"0\",\"data\":[]}")).value().outcome())
        .as("code 0 without the order").isEqualTo(AmendResult.Outcome.UNKNOWN);
    assertThat(OkxAccountReplies.amendWithoutAnswer("c1", new RuntimeException("no answer within 400 ms")))
        .satisfies(a -> assertThat(a.value().outcome()).isEqualTo(AmendResult.Outcome.UNKNOWN))
        .satisfies(a -> assertThat(a.unhealthy()).isTrue());

    assertThat(amend(429, Buffer.buffer("")))
        .satisfies(a -> assertThat(((OkxException) a.error()).code()).isEqualTo("50011"))
        .satisfies(a -> assertThat(a.error()).hasMessageContaining("same request id"))
        .satisfies(a -> assertThat(a.unhealthy()).isFalse());
    assertThat(amend(200, body("50013", "Systems are busy", null, null)))
        .satisfies(a -> assertThat(((OkxException) a.error()).code()).isEqualTo("50013"))
        .satisfies(a -> assertThat(a.unhealthy()).isTrue());
    assertThat(amend(200, body("1", "All operations failed", "51513", "cannot exceed 3 times")))
        .satisfies(a -> assertThat(((OkxException) a.error()).code()).isEqualTo("51513"))
        .satisfies(a -> assertThat(a.unhealthy()).isFalse());
    assertThat(amend(401, body("50113", "Invalid Sign", null, null)).error())
        .hasMessageContaining("configuration error").hasMessageContaining("signature");
    assertThat(amend(403, Buffer.buffer("")).error()).hasMessageContaining("configuration error");
  }

  @Test
  void aFillChargedInAThirdAssetIsRefused() {
    JsonObject row = new JsonObject().put("instId", "BTC-USDT").put("tradeId", "7").put("ordId", "1")
        .put("side", "buy").put("fillSz", "0.01").put("fillPx", "30000").put("fee", "-0.1").put("feeCcy", "OKB")
        .put("ts", "1698835093028");
    assertThatThrownBy(() -> OkxAccountReplies.fill(row)).hasMessageContaining("OKB");
    assertThat(OkxAccountReplies.fill(row.copy().put("fee", "0.3").put("feeCcy", "USDT")).fee())
        .as("a rebate is a negative cost").isEqualByComparingTo("-0.3");
  }

  private static Attempt<AmendResult> amend(int status, Buffer body) {
    return OkxAccountReplies.amend(new Reply(status, body), "c1");
  }

  private static Attempt<CancelResult> cancel(int status, Buffer body) {
    return OkxAccountReplies.cancel(new Reply(status, body), "c1");
  }

  private static Buffer body(String code, String msg, String sCode, String sMsg) {
    JsonArray data = new JsonArray();
    if (sCode != null) {
      data.add(new JsonObject().put("ordId", "").put("clOrdId", "c1").put("sCode", sCode).put("sMsg", sMsg));
    }
    return new JsonObject().put("code", code).put("msg", msg).put("data", data).toBuffer();
  }

  /** The recorded answer whose description starts with {@code prefix}. */
  static JsonObject sample(String file, String prefix) throws Exception {
    JsonObject samples = new JsonObject(Files.readString(SharedData.require("okx/swap/" + file)));
    return samples.fieldNames().stream().filter(k -> k.startsWith(prefix)).findFirst()
        .map(samples::getJsonObject).orElseThrow(() -> new AssertionError("no sample '" + prefix + "' in " + file));
  }
}
