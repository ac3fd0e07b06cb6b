package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.FundingBill;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.SwapOrder.PositionSide;
import dev.mariposa.exchange.VenuePosition;
import dev.mariposa.exchange.okx.OkxLeverage.Setting;
import dev.mariposa.exchange.okx.OkxPositionMode.Mode;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.SharedData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The swap answers of OKX as recorded in ../shared/data/okx/swap, read to exact values. */
class OkxSwapRepliesTest {

  @Test
  void readsRecordedPositionsInBothPositionModes() throws IOException {
    JsonObject samples = samples("okx/swap/private_positions_samples.json");
    // long/short mode, cross, after funding (REST answer, ccxt's test account, 2024-04-06)
    JsonObject ltc = sample(samples, "GET /api/v5/account/positions?instId=LTC-USDT-SWAP | same position later")
        .getJsonArray("data").getJsonObject(0);
    VenuePosition p = OkxPositions.position(ltc, listed("LTC-USDT-SWAP"));
    // Its notionalUsd (0.2027 for 2 at 101.33) and imr say that account's contract was 0.001 LTC;
    // the 2022 listing says 1 LTC: the quantity here is the listing's arithmetic, pos x ctVal.
    assertThat(p).isEqualTo(new VenuePosition("LTCUSDT", "LTC-USDT-SWAP", PositionSide.LONG, new BigDecimal("2"),
        new BigDecimal("2"), new BigDecimal("82.675"), new BigDecimal("101.33"), Optional.empty(),
        new BigDecimal("0.020266"), new BigDecimal("10"), "cross", new BigDecimal("0.03731"),
        new BigDecimal("-0.0154171409554622"), new BigDecimal("-0.0154998159554622")));

    // net mode: posSide net, the side is the sign of pos (a positions push element, the REST row's fields)
    JsonObject xrp = sample(samples("okx/swap/ws_swap_samples.json"), "positions push XRP-USDT-SWAP")
        .getJsonArray("data").getJsonObject(0);
    VenuePosition net = OkxPositions.position(xrp, listed("XRP-USDT-SWAP"));
    assertThat(net.side()).isEqualTo(PositionSide.LONG);
    assertThat(net.quantity()).as("1 contract of 100 XRP; notionalUsd 52.686 agrees").isEqualByComparingTo("100");
    assertThat(net.liqPx()).contains(new BigDecimal("0.3287514731020614"));
    assertThat(net.margin()).as("cross: imr").isEqualByComparingTo("17.564000000000004");
    VenuePosition shortNet = OkxPositions.position(xrp.copy().put("pos", "-3"), listed("XRP-USDT-SWAP"));
    assertThat(shortNet.side()).isEqualTo(PositionSide.SHORT);
    assertThat(shortNet.contracts()).isEqualByComparingTo("3");
    assertThat(shortNet.quantity()).isEqualByComparingTo("300");

    JsonObject btc = sample(samples, "positions data element BTC-USDT-SWAP");
    VenuePosition old = OkxPositions.position(btc, listed("BTC-USDT-SWAP"));
    assertThat(old.quantity()).isEqualByComparingTo("0.01");
    assertThat(old.liqPx()).contains(new BigDecimal("12608.959083877446"));
    assertThat(old.fundingFee()).as("absent in the 2021 field set").isEqualByComparingTo("0");

    JsonObject inverse = sample(samples, "GET /api/v5/account/positions?instId=BTC-USD-SWAP | inverse, long, isolated")
        .getJsonArray("data").getJsonObject(0);
    assertThatThrownBy(() -> OkxPositions.position(inverse, listed("BTC-USD-SWAP")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("inverse");
  }

  @Test
  void readsTheRecordedFundingBillAndRefusesATradeBill() throws IOException {
    JsonObject samples = samples("okx/swap/private_account_samples.json");
    JsonObject funding = sample(samples, "GET /api/v5/account/bills?type=8 element");
    assertThat(OkxPositions.fundingBill(funding)).isEqualTo(new FundingBill("ETHUSD", "ETH-USD-SWAP",
        "377970609204146187", "ETH", new BigDecimal("0.000014875271224"), 1636387215588L));
    JsonObject trade = sample(samples, "GET /api/v5/account/bills | spot trade bill").getJsonArray("data")
        .getJsonObject(0);
    assertThatThrownBy(() -> OkxPositions.fundingBill(trade)).hasMessageContaining("not a funding fee");
  }

  @Test
  void readsTheRecordedConfigAndSetLeverageAnswers() throws IOException {
    JsonObject samples = samples("okx/swap/private_account_samples.json");
    assertThat(OkxPositionMode.read(reply(sample(samples, "GET /api/v5/account/config"))).value()).isEqualTo(Mode.NET);
    JsonObject longShort = sample(samples, "GET /api/v5/account/config").copy();
    longShort.getJsonArray("data").getJsonObject(0).put("posMode", "long_short_mode");
    assertThat(OkxPositionMode.read(reply(longShort)).value()).isEqualTo(Mode.LONG_SHORT);

    Setting isolatedLong = new Setting("BTC-USDT-SWAP", "isolated", Optional.of("long"));
    var set = OkxLeverage.read(reply(sample(samples, "POST /api/v5/account/set-leverage | BTC-USDT-SWAP isolated long "
        + "lever 10")), isolatedLong, 10);
    assertThat(set.error()).isNull();
    assertThat(OkxLeverage.body(isolatedLong, 10))
        .isEqualTo("{\"instId\":\"BTC-USDT-SWAP\",\"lever\":\"10\",\"posSide\":\"long\",\"mgnMode\":\"isolated\"}");
    assertThat(OkxLeverage.body(new Setting("BTC-USDT-SWAP", "cross", Optional.empty()), 11))
        .isEqualTo("{\"instId\":\"BTC-USDT-SWAP\",\"lever\":\"11\",\"mgnMode\":\"cross\"}");
    var refused = OkxLeverage.read(new Reply(200, Buffer.buffer(new JsonObject().put("code", "59102")
        .put("msg", "Leverage exceeds the maximum limit. Please lower the leverage.").put("data", new JsonArray())
        .encode())), isolatedLong, 200);
    assertThat(((OkxException) refused.error()).code()).isEqualTo("59102");
  }

  @Test
  void mapsTheRecordedSwapRefusals() throws IOException {
    JsonObject samples = samples("okx/swap/error_responses_samples.json");
    PlaceResult margin = OkxReplies.placement(200, body(sample(samples, "POST /api/v5/trade/order DOGE-USDT-SWAP")));
    assertThat(margin.outcome()).isEqualTo(PlaceResult.Outcome.REJECTED);
    PlaceResult explained = OkxSwapOrders.explained(margin);
    assertThat(explained.code()).isEqualTo("51008");
    assertThat(explained.message()).startsWith("insufficient margin")
        .endsWith("(OKX 51008: Order failed. Insufficient USDT margin in account)");

    PlaceResult posSide = OkxReplies.placement(200, body(sample(samples, "POST /api/v5/trade/order (closePosition)")));
    assertThat(OkxCodes.positionModeMismatch(posSide.code(), posSide.message())).isTrue();
    PlaceResult tdMode = OkxReplies.placement(200, body(sample(samples, "POST /api/v5/trade/order | 51000 Parameter "
        + "tdMode")));
    assertThat(OkxCodes.positionModeMismatch(tdMode.code(), tdMode.message())).isFalse();
    assertThat(OkxSwapOrders.explained(tdMode)).as("no plain words of its own").isEqualTo(tdMode);
    PlaceResult balance = OkxReplies.placement(200, body(sample(samples, "POST /api/v5/trade/order | 51119")));
    assertThat(OkxSwapOrders.explained(balance).message()).startsWith("insufficient balance");

    for (String code : new String[] {"51004", "51008_1001", "51112", "51148", "51169", "51170", "51186", "59102"}) {
      assertThat(OkxCodes.swapRejection(code)).as(code).isPresent();
      assertThat(OkxCodes.meaning(code).placement()).as(code + " is final").isEqualTo(PlaceResult.Outcome.REJECTED);
    }
    assertThat(OkxSwapOrders.explained(PlaceResult.rejected("51004", "Order failed. For isolated long/short mode ..."))
        .message()).startsWith("leverage too high for this position size");
  }

  private static JsonArray listing;

  private static SwapInstrument listed(String instId) throws IOException {
    if (listing == null) {
      listing = samples(FakeOkx.SWAPS_2022).getJsonArray("data");
    }
    JsonArray rows = listing;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.getJsonObject(i).getString("instId").equals(instId)) {
        return SwapInstrument.fromRow(rows.getJsonObject(i));
      }
    }
    throw new AssertionError(instId + " is not in the 2022 listing");
  }

  private static JsonObject samples(String file) throws IOException {
    return new JsonObject(Files.readString(SharedData.require(file)));
  }

  /** The sample whose description starts so. */
  private static JsonObject sample(JsonObject samples, String prefix) {
    return samples.fieldNames().stream().filter(k -> k.startsWith(prefix)).findFirst()
        .map(samples::getJsonObject).orElseThrow(() -> new AssertionError("no sample " + prefix));
  }

  private static Reply reply(JsonObject json) {
    return new Reply(200, body(json));
  }

  private static Buffer body(JsonObject json) {
    return Buffer.buffer(json.encode());
  }
}
