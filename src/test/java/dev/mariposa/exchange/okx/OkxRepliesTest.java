package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.PlaceResult.Outcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** A placement answer read into the port's outcome, for each way OKX can say it. */
class OkxRepliesTest {
  @Test
  void aCodeMeansTheSameAtTheTopAndPerOrder() {
    for (String code : List.of("50011", "50013", "50001", "50004", "51149", "51016", "51008", "50113")) {
      Outcome expected = OkxCodes.meaning(code).placement();
      PlaceResult top = OkxReplies.placement(200, body(code, "top", null, null));
      PlaceResult perOrder = OkxReplies.placement(200, body("1", "All operations failed", code, "per order"));
      assertThat(top.outcome()).as("code " + code).isEqualTo(expected);
      assertThat(perOrder.outcome()).as("sCode " + code).isEqualTo(expected);
      assertThat(top.code()).isEqualTo(code);
      assertThat(perOrder.code()).isEqualTo(code);
      assertThat(perOrder.message()).as("OKX's per-order message").contains("per order");
    }
  }

  @Test
  void readsTheHttpStatusFirst() {
    assertThat(OkxReplies.placement(429, Buffer.buffer("{\"msg\":\"Too Many Requests\",\"code\":\"50011\"}")))
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.NOT_PLACED))
        .satisfies(r -> assertThat(r.code()).isEqualTo("50011"));
    assertThat(OkxReplies.placement(429, Buffer.buffer("")).outcome()).as("a bare 429").isEqualTo(Outcome.NOT_PLACED);
    assertThat(OkxReplies.placement(503, body("50001", "unavailable", null, null)).outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(OkxReplies.placement(500, body("51008", "balance", null, null)).outcome())
        .as("a 5xx is unknown whatever the body says").isEqualTo(Outcome.UNKNOWN);
    assertThat(OkxReplies.placement(200, Buffer.buffer("{\"code\":\"0\"")).outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(OkxReplies.placement(401, Buffer.buffer("")))
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.REJECTED))
        .satisfies(r -> assertThat(r.message()).contains("configuration error"));
    assertThat(OkxReplies.placement(404, Buffer.buffer("")).outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void acceptedNeedsAnOrderId() {
    PlaceResult accepted = OkxReplies.placement(200, new JsonObject().put("code", "0").put("msg", "")
        .put("data", new JsonArray().add(new JsonObject().put("ordId", "2183740238476349440").put("sCode", "0")))
        .toBuffer());
    assertThat(accepted.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(accepted.exchangeOrderId()).contains("2183740238476349440");
    assertThat(OkxReplies.placement(200, body("0", "", "0", "")).outcome()).as("no ordId").isEqualTo(Outcome.UNKNOWN);
    assertThat(OkxReplies.placement(200, Buffer.buffer("{\"code\":\"0\",\"data\":[]}")).outcome())
        .as("no order").isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void aBuyChargedInTheBaseAssetCountsWhatTheAccountReceived() {
    // OKX: bought 0.2 BTC at 30000, charged 0.0002 BTC. The account holds 0.1998 BTC and paid 6000
    // USDT: 0.1998 × 30000 + the fee as a cost in USDT, 0.0002 × 30000 = 6.
    JsonObject order = new JsonObject().put("clOrdId", "c1").put("ordId", "1").put("state", "filled")
        .put("accFillSz", "0.2").put("avgPx", "30000").put("fee", "-0.0002").put("feeCcy", "BTC");
    var state = OkxReplies.orderState(order, "BTC-USDT");
    assertThat(state.filledQuantity()).isEqualByComparingTo("0.1998");
    assertThat(state.fee()).isEqualByComparingTo("6");
    assertThat(state.filledQuantity().multiply(state.averagePrice()).add(state.fee())).isEqualByComparingTo("6000");

    // A sell is charged in the quote asset: the whole quantity left the account.
    var sell = OkxReplies.orderState(order.copy().put("fee", "-6").put("feeCcy", "USDT"), "BTC-USDT");
    assertThat(sell.filledQuantity()).isEqualByComparingTo("0.2");
    assertThat(sell.fee()).isEqualByComparingTo("6");
  }

  private static Buffer body(String code, String msg, String sCode, String sMsg) {
    JsonArray data = new JsonArray();
    if (sCode != null) {
      data.add(new JsonObject().put("ordId", "").put("clOrdId", "c1").put("sCode", sCode).put("sMsg", sMsg));
    }
    return new JsonObject().put("code", code).put("msg", msg).put("data", data).toBuffer();
  }
}
